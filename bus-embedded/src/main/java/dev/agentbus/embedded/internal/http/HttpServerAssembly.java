package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.BusThreadGroup;
import dev.agentbus.embedded.options.OptionValues;
import dev.agentbus.embedded.options.ServerOption;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * A bus's HTTP face, assembled from Undertow and XNIO: the I/O threads, the listening socket and
 * its options, the handlers, the request log and the warm-up; and taken apart again, answers
 * drained. Started by {@link #start}, stopped by {@link #stopAccepting} then {@link
 * #drainAndClose}. Thread-safe.
 */
public final class HttpServerAssembly {

  private static final long DRAIN_MILLIS = 1_000;

  /** Request log lines waiting for a slow consumer before new ones are dropped. */
  private static final int REQUEST_LOG_LINES = 10_000;

  /** The largest request line plus headers; a larger head gets Undertow's empty 400. */
  private static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

  private final RequestLog requestLog;
  private final HttpSettings settings;
  private final XnioWorker worker;
  private final XnioErrorWatch errorWatch;
  private final BusHttpHandler handler;
  private final GracefulShutdownHandler shutdown;
  private HttpListener listener;

  private HttpServerAssembly(
      Bus bus,
      BusThreadGroup threads,
      OptionValues options,
      HeapBounds bounds,
      Consumer<String> log) {
    this.requestLog = log == null ? null : new RequestLog(threads, log, REQUEST_LOG_LINES);
    this.settings =
        new HttpSettings(
            options.text(ServerOption.BASE_PATH),
            (int) options.bytes(ServerOption.MAX_BODY_BYTES),
            options.duration(ServerOption.BODY_READ_TIMEOUT),
            options.text(ServerOption.TOKEN),
            requestLog,
            bounds.maxBodyBytesInFlight(),
            bounds.maxAdminBytesInFlight(),
            bounds.maxPollBytesInFlight(),
            bounds.maxConnections());
    this.handler = new BusHttpHandler(bus, settings);
    this.shutdown = Handlers.gracefulShutdown(handler);
    this.worker =
        startWorker(
            options
                .given(ServerOption.IO_THREADS)
                .map(Integer.class::cast)
                .orElseGet(() -> Math.max(2, Runtime.getRuntime().availableProcessors())),
            threads);
    this.errorWatch = new XnioErrorWatch(threads).install();
  }

  /**
   * Listens, then warms the bus up with real requests before returning.
   *
   * @param bus the bus to serve
   * @param threads the bus's thread group, which the I/O threads join so that their deaths fail it
   * @param options the server's options
   * @param bounds the bounds on bytes in flight and connections
   * @param log receives one line per answered request, or {@code null} for none
   * @param warmupToken a token the warm-up requests carry, or {@code null}
   * @return the listening assembly
   * @throws PortTakenException when the port is taken, having released all else
   */
  public static HttpServerAssembly start(
      Bus bus,
      BusThreadGroup threads,
      OptionValues options,
      HeapBounds bounds,
      Consumer<String> log,
      String warmupToken) {
    HttpServerAssembly http = new HttpServerAssembly(bus, threads, options, bounds, log);
    Duration idle = options.duration(ServerOption.IDLE_TIMEOUT);
    try {
      http.listener =
          HttpListener.start(
              http.worker,
              options.text(ServerOption.HOST),
              options.count(ServerOption.PORT),
              OptionMap.builder()
                  .set(Options.BACKLOG, 4096)
                  // An answer its client stops reading would hold its bytes (and its share of the
                  // cap on answers in flight) for as long as the connection lives: give up on it
                  // after as long as an idle connection is kept.
                  .set(Options.WRITE_TIMEOUT, millis(idle))
                  .getMap(),
              OptionMap.builder()
                  .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
                  // The bus decodes the path and query itself, strictly: an escape that is not
                  // UTF-8 gets a JSON 400 naming it, where Undertow's decoder would replace it.
                  .set(UndertowOptions.DECODE_URL, false)
                  .set(UndertowOptions.ALWAYS_SET_DATE, false)
                  // Undertow holds a request's head in memory until it is complete; its default
                  // 1 MiB let a few hundred half-sent heads exhaust a small heap.
                  .set(UndertowOptions.MAX_HEADER_SIZE, MAX_REQUEST_HEAD_BYTES)
                  .set(UndertowOptions.MAX_ENTITY_SIZE, http.settings.maxEntityBytes())
                  // A request line and headers get the body's time limit to arrive, counted from
                  // the first byte, so dribbling or abandoned requests cannot hold connections.
                  .set(
                      UndertowOptions.REQUEST_PARSE_TIMEOUT,
                      millis(options.duration(ServerOption.BODY_READ_TIMEOUT)))
                  .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(idle))
                  .getMap(),
              new RequestGuard(
                  new HttpContinueReadHandler(http.shutdown),
                  bus,
                  threads.fatalErrors(),
                  http.handler.connections()),
              http.handler.connections());
    } catch (RuntimeException e) {
      http.handler.close();
      http.stopWorker();
      http.closeRequestLog();
      throw causedByBind(e) ? new PortTakenException(e) : e;
    }
    boolean warmedUp;
    try {
      warmedUp = Warmup.run(http.address(), options.text(ServerOption.BASE_PATH), warmupToken);
    } catch (RuntimeException e) {
      http.stopAccepting();
      http.drainAndClose();
      throw e;
    }
    if (http.requestLog != null) {
      http.requestLog.start(warmedUp);
    }
    return http;
  }

  /**
   * @return the address listened on, with the real port
   */
  public InetSocketAddress address() {
    return listener.address();
  }

  /** Refuses new requests from now on; those running go on. Idempotent. */
  public void stopAccepting() {
    shutdown.shutdown();
  }

  /**
   * Waits up to a second for the answers being written, then closes the port and stops the I/O
   * threads and the request log. Blocks for about a second at most, plus the threads' stop.
   * Idempotent.
   */
  public void drainAndClose() {
    try {
      shutdown.awaitShutdown(DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      listener.close();
      handler.close();
      stopWorker();
      closeRequestLog();
    }
  }

  /** I/O and worker threads in the bus's thread group, so that their deaths fail the bus. */
  private static XnioWorker startWorker(int ioThreads, ThreadGroup group) {
    try {
      return XnioProvider.INSTANCE.createWorker(
          group,
          OptionMap.builder()
              .set(Options.WORKER_NAME, "agent-bus")
              .set(Options.WORKER_IO_THREADS, ioThreads)
              .set(Options.WORKER_TASK_CORE_THREADS, 1)
              .set(Options.WORKER_TASK_MAX_THREADS, 1)
              .set(Options.TCP_NODELAY, true)
              .set(Options.CORK, true)
              .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the bus's I/O threads: " + e, e);
    }
  }

  /**
   * The XNIO provider, looked up once per JVM: the lookup is a service-loader scan of the class
   * path (about a millisecond, a third of a bus's start in a warm JVM), and the provider holds no
   * state of a bus's, only the factory for its workers.
   */
  private static final class XnioProvider {
    static final Xnio INSTANCE = Xnio.getInstance(Undertow.class.getClassLoader());
  }

  private void stopWorker() {
    errorWatch.close();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void closeRequestLog() {
    if (requestLog != null) {
      requestLog.close();
    }
  }

  private static int millis(Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** The port asked for is taken; the facade turns this into its public exception. */
  public static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
