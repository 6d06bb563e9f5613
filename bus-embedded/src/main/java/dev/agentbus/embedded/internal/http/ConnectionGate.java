package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusError;
import dev.agentbus.client.protocol.ProtocolJson;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Bounds what connections hold before the bus sees a request on them, where no endpoint's cap can
 * reach: their number, and what the request heads they send take while they are parsed.
 *
 * <p>Connections share {@code cap} times {@value #CONNECTION_BYTES} bytes: each open connection
 * takes {@value #CONNECTION_BYTES}, which covers it idle after a head of up to {@value
 * #KEPT_HEAD_BYTES} bytes; a connection accepted when no such share is left is answered a fixed 503
 * and closed at once, before any of its bytes are parsed. The bytes of a head past the first
 * {@value #KEPT_HEAD_BYTES} take {@value #HEAD_COST_PER_BYTE} times as many more from the same
 * share (what the parser's buffers, the path and the header values may take, measured), and a head
 * that would pass it closes its connection, as a head over the size limit does. A connection whose
 * head was that long is closed once its request is answered, and keeps what it took until it is
 * closed: the parser keeps what it grew for a head for as long as its connection lives. So neither
 * idle nor half-sent connections, however many, can exhaust the heap.
 *
 * <p>Thread-safe: accepts and reads happen on every I/O thread.
 */
public final class ConnectionGate {

  /**
   * The most bytes of request line and headers after which a connection is kept open for another
   * request. The parser keeps the buffers it grew for a connection's longest head for as long as
   * the connection lives (about 75 KB after a 60 KB header, 3 KB after a short head), so the bus
   * closes a connection after answering a longer head instead of letting it idle with them.
   */
  static final int KEPT_HEAD_BYTES = 2_048;

  /**
   * What an idle connection may hold at most (its connection, its parser's buffers grown to a head
   * of {@value #KEPT_HEAD_BYTES} bytes, the exchange waiting for its next request), measured and
   * rounded up: the default cap on connections is the share of the heap set aside for them divided
   * by this.
   */
  public static final int CONNECTION_BYTES = 8 * 1024;

  /**
   * Heap a request head may take per byte of it while it is parsed and until its request is
   * handled: a path of 63,000 bytes held about 260 KB (the parser's token buffer and the path's
   * canonical form, each grown to the next capacity, and the strings made of them).
   */
  static final int HEAD_COST_PER_BYTE = 5;

  /** The blank line that ends a request head. */
  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  private final int cap;
  private final InFlightBytes share;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final Map<StreamConnection, HeadMeter> meters = new ConcurrentHashMap<>();
  private final byte[] refusal;

  /**
   * @param cap the most connections open at once
   */
  ConnectionGate(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be positive, got " + cap);
    }
    this.cap = cap;
    this.share = new InFlightBytes((long) cap * CONNECTION_BYTES);
    byte[] body =
        ProtocolJson.write(
            new BusError(
                "the bus has "
                    + cap
                    + " connections open, its limit; retry shortly, close idle connections, or give"
                    + " the bus a larger maxConnections (a server option)"));
    String head =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
            + "Connection: close\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    this.refusal = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, refusal, 0, headBytes.length);
    System.arraycopy(body, 0, refusal, headBytes.length, body.length);
  }

  /**
   * @param next Undertow's open listener
   * @return an open listener that admits connections up to the cap into {@code next}, metered
   */
  public ChannelListener<StreamConnection> admitting(ChannelListener<StreamConnection> next) {
    return connection -> {
      if (!share.tryReserve(CONNECTION_BYTES)) {
        refuse(connection);
        return;
      }
      open.incrementAndGet();
      HeadMeter meter = new HeadMeter(connection.getSourceChannel().getConduit(), connection);
      connection.getSourceChannel().setConduit(meter);
      meters.put(connection, meter);
      next.handleEvent(connection);
      // Undertow set a close listener of its own; ours runs first, then its.
      ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
      connection.setCloseListener(
          closed -> {
            meter.closed();
            ChannelListeners.invokeChannelListener(closed, undertows);
          });
      if (!connection.isOpen()) {
        meter.closed(); // closed before our listener was set
      }
    };
  }

  /**
   * Tells the meter of the exchange's connection that its head is parsed: what the head reserved
   * goes back, and the connection's reads are no longer counted until its request ends. A head
   * longer than {@value #KEPT_HEAD_BYTES} bytes keeps its reservation until its connection closes,
   * which it does after the answer (and Undertow's wait of up to ten seconds for the client to
   * close its side): the parser's grown buffers live as long as the connection.
   *
   * @param exchange a request the bus is about to handle
   */
  public void requestStarted(HttpServerExchange exchange) {
    boolean grown = headBytes(exchange) > KEPT_HEAD_BYTES;
    if (grown) {
      exchange.setPersistent(false);
    }
    HeadMeter meter = meterOf(exchange);
    if (meter == null) {
      return;
    }
    meter.requestStarted(grown);
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          meter.requestEnded();
          next.proceed();
        });
  }

  /**
   * @return the connections open now
   */
  public int open() {
    return open.get();
  }

  /**
   * @return the bytes connections and their long heads hold of their share now
   */
  public long heldBytes() {
    return share.reserved();
  }

  /**
   * @return the most connections open at once
   */
  public int cap() {
    return cap;
  }

  /**
   * @return how many connections were refused for the cap since the bus started
   */
  public long refused() {
    return refused.get();
  }

  /**
   * Answers a fixed 503 without parsing anything: what the client already sent is drained first, so
   * that closing sends a clean end of stream rather than a reset that would hide the answer.
   */
  private void refuse(StreamConnection connection) {
    refused.incrementAndGet();
    try {
      ByteBuffer scratch = ByteBuffer.allocate(1024);
      for (int i = 0; i < 64 && connection.getSourceChannel().read(scratch) > 0; i++) {
        scratch.clear();
      }
      connection.getSinkChannel().write(ByteBuffer.wrap(refusal));
      connection.getSinkChannel().shutdownWrites();
      connection.getSinkChannel().flush();
    } catch (IOException e) {
      // the client left already; nothing to tell it
    } finally {
      IoUtils.safeClose(connection);
    }
  }

  /** The request line and headers as received, one byte a character, without line ends. */
  private static long headBytes(HttpServerExchange exchange) {
    long bytes =
        exchange.getRequestMethod().length()
            + exchange.getRequestURI().length()
            + exchange.getQueryString().length()
            + exchange.getProtocol().length();
    for (HeaderValues header : exchange.getRequestHeaders()) {
      for (String value : header) {
        bytes += header.getHeaderName().length() + value.length();
      }
    }
    return bytes;
  }

  private HeadMeter meterOf(HttpServerExchange exchange) {
    return exchange.getConnection() instanceof AbstractServerConnection connection
        ? meters.get(connection.getChannel())
        : null;
  }

  /**
   * Counts the bytes a connection reads while no request of it is being handled (its next head),
   * reserving their cost; gives them back when the request is handled or the connection closes.
   * Reads happen on the connection's I/O thread, the other calls on any: state is guarded by the
   * meter's lock.
   */
  private final class HeadMeter extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final StreamConnection connection;
    private final AtomicBoolean counted = new AtomicBoolean(true);
    private boolean inRequest;
    private boolean grownHead;
    private boolean headDone;
    private int blankLine;
    private long headBytes;
    private long reserved;
    private boolean closed;

    HeadMeter(StreamSourceConduit next, StreamConnection connection) {
      super(next);
      this.connection = connection;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int start = dst.position();
      int bytes = next.read(dst);
      if (bytes > 0) {
        metered(headPart(dst, start, bytes));
      }
      return bytes;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
      long bytes = next.read(dsts, offs, len);
      if (bytes > 0) {
        metered(bytes); // not used for heads; counted whole, to be safe
      }
      return bytes;
    }

    /**
     * How many of the bytes just read belong to the head still being received: up to its blank
     * line, so that the start of a body read along with it is not counted as head.
     */
    private synchronized long headPart(ByteBuffer dst, int start, int bytes) {
      if (inRequest || headDone) {
        return 0;
      }
      for (int i = 0; i < bytes; i++) {
        byte b = dst.get(start + i);
        blankLine = b == HEAD_END[blankLine] ? blankLine + 1 : (b == '\r' ? 1 : 0);
        if (blankLine == HEAD_END.length) {
          headDone = true;
          return i + 1;
        }
      }
      return bytes;
    }

    private void metered(long bytes) throws IOException {
      if (bytes <= 0) {
        return;
      }
      synchronized (this) {
        if (inRequest || closed) {
          return;
        }
        // What a head takes up to KEPT_HEAD_BYTES is covered by the connection's own share.
        long past = Math.max(0, headBytes + bytes - Math.max(KEPT_HEAD_BYTES, headBytes));
        headBytes += bytes;
        long cost = past * HEAD_COST_PER_BYTE;
        if (share.tryReserve(cost)) {
          reserved += cost;
          return;
        }
      }
      // Undertow closes a connection whose read fails, as it does a head over the size limit.
      IoUtils.safeClose(connection);
      throw new IOException(
          "long request heads being read hold the share of the heap set aside for connections"
              + " (maxConnections); connection closed");
    }

    synchronized void requestStarted(boolean grown) {
      inRequest = true;
      grownHead |= grown;
      if (!grownHead) {
        release();
      }
    }

    synchronized void requestEnded() {
      inRequest = false;
      headDone = false;
      blankLine = 0;
      if (!grownHead) {
        release();
      }
    }

    void closed() {
      if (counted.getAndSet(false)) {
        meters.remove(connection);
        open.decrementAndGet();
        share.release(CONNECTION_BYTES);
      }
      synchronized (this) {
        closed = true;
        release();
      }
    }

    private void release() {
      share.release(reserved);
      reserved = 0;
      headBytes = 0;
    }
  }
}
