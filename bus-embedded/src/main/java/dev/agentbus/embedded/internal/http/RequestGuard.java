package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.FatalErrors;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Optional;

/**
 * The outermost handler: whatever goes wrong below it, the client gets a JSON error and the root
 * journal records it. It answers the errors nobody else answers (an exception in a handler or in a
 * dispatched task, Undertow's own 503 while the bus stops) and, once a fatal error has failed the
 * bus, refuses every request with a 503 that says so.
 *
 * <p>Thread-safe; it keeps no state of its own.
 */
public final class RequestGuard implements HttpHandler {

  private final HttpHandler next;
  private final Bus bus;
  private final FatalErrors fatalErrors;
  private final ConnectionGate connections;

  /**
   * @param next the handler it guards
   * @param bus the bus, whose root journal records internal errors
   * @param fatalErrors where fatal errors are reported and read back
   * @param connections told of each request once its head is parsed
   */
  public RequestGuard(
      HttpHandler next, Bus bus, FatalErrors fatalErrors, ConnectionGate connections) {
    this.next = next;
    this.bus = bus;
    this.fatalErrors = fatalErrors;
    this.connections = connections;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    connections.requestStarted(exchange);
    exchange.addDefaultResponseListener(this::answerEmptyError);
    UnreadBodies.closeAfterAnswerUnlessRead(exchange);
    Optional<FatalErrors.Failure> failure = fatalErrors.failure();
    if (failure.isPresent()) {
      exchange.setPersistent(false);
      JsonResponses.error(exchange, 503, failed(failure.get()));
      return;
    }
    try {
      next.handleRequest(exchange);
    } catch (Throwable error) {
      // Everything: after an OutOfMemoryError the client still deserves an answer if one can be
      // written, and the bus must learn that it failed.
      answerFailure(exchange, error);
    }
  }

  /** Called by Undertow when an exchange ends with no response written. */
  private boolean answerEmptyError(HttpServerExchange exchange) {
    if (exchange.isResponseStarted()) {
      return false;
    }
    Throwable error = exchange.getAttachment(DefaultResponseListener.EXCEPTION);
    if (error != null) {
      answerFailure(exchange, error);
      return true;
    }
    int status = exchange.getStatusCode();
    if (status == StatusCodes.SERVICE_UNAVAILABLE) {
      JsonResponses.error(
          exchange, status, "the bus is stopping and takes no new requests; retry on a new bus");
      return true;
    }
    if (status >= 400) {
      JsonResponses.error(exchange, status, "HTTP " + status + " " + StatusCodes.getReason(status));
      return true;
    }
    return false;
  }

  private void answerFailure(HttpServerExchange exchange, Throwable error) {
    boolean fatal = fatalErrors.report(error);
    exchange.setPersistent(false);
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    Rejection answer =
        fatal
            ? new Rejection(503, failed(fatalErrors.failure().orElseThrow()))
            : new Rejection(
                500,
                "internal error in the bus: "
                    + BoundedText.cut(String.valueOf(error))
                    + "; this is a bug in agent-bus, please report it with the request that"
                    + " caused it");
    try {
      BusHttpHandler.reject(
          exchange, bus.root(), PercentDecoding.pathForDisplay(exchange.getRequestPath()), answer);
    } catch (RuntimeException | Error journalFailed) {
      // The journal may be what failed; the client is answered all the same.
      if (!exchange.isResponseStarted()) {
        JsonResponses.error(exchange, answer.status(), answer.getMessage());
      }
    }
  }

  private static String failed(FatalErrors.Failure failure) {
    return "the bus failed ("
        + BoundedText.cut(failure.describe())
        + ") and serves nothing more; restart it";
  }
}
