package dev.agentbus.client;

/**
 * The bus answered a request with an error status. The message carries the status and the bus's own
 * sentence, e.g. {@code POST /send: 400 field "to" must be a non-empty string, got a list}.
 */
public final class BusRejectedException extends AgentBusException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer. */
  private final int status;

  /** The bus's error sentence, or the raw body. */
  private final String busError;

  BusRejectedException(String request, int status, String busError) {
    super(request + ": " + status + " " + busError, null);
    this.status = status;
    this.busError = busError;
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
