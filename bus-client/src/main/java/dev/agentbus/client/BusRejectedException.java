package dev.agentbus.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The bus answered a request with an error status. The message carries the status and the bus's own
 * sentence, e.g. {@code POST /send: 400 field "to" must be a non-empty string, got a list}, and,
 * when the answer did not come from the bus itself (an HTML page from a firewall, a redirect) or
 * asks to wait, what to do about it.
 */
public final class BusRejectedException extends AgentBusException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer. */
  private final int status;

  /** The bus's error sentence, or the raw body. */
  private final String busError;

  /** How long the bus asked the client to wait before retrying, or {@code null}. */
  private final Duration retryAfter;

  BusRejectedException(String request, int status, String busError) {
    this(request, status, busError, null, null);
  }

  /**
   * @param advice what the user should do, appended to the message after "; ", or {@code null}
   * @param retryAfter the answer's {@code Retry-After}, or {@code null}
   */
  BusRejectedException(
      String request, int status, String busError, String advice, Duration retryAfter) {
    super(request + ": " + status + " " + busError + (advice == null ? "" : "; " + advice), null);
    this.status = status;
    this.busError = busError;
    this.retryAfter = retryAfter;
  }

  /**
   * @return the HTTP status, e.g. 400, 401, 403, 413 or a 5xx from a proxy
   */
  public int status() {
    return status;
  }

  /**
   * @return the bus's error sentence, or the raw body when it sent no JSON error
   */
  public String busError() {
    return busError;
  }

  /**
   * How long the answer asked the client to wait before trying again: its {@code Retry-After}
   * header in the seconds form (typically on a 429 or 503). The date form is not read.
   *
   * @return the wait the bus asked for; empty when it asked for none or in a form not read
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * @return {@code true} for statuses worth retrying (5xx, 408, 429): the request itself was fine
   */
  public boolean isTransient() {
    return status >= 500 || status == 408 || status == 429;
  }

  /**
   * @return {@code true} for what a listener retries: the {@linkplain #isTransient() transient}
   *     statuses and 403, which the hosted bus's firewall sends intermittently
   */
  public boolean isWorthRetrying() {
    return isTransient() || status == 403;
  }
}
