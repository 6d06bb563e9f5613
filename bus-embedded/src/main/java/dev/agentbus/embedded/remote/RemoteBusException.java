package dev.agentbus.embedded.remote;

/**
 * A running bus refused an admin request or could not be reached. The message carries the bus's own
 * sentence (what was wrong and what to do) or the connection failure.
 */
public final class RemoteBusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status the bus answered, or 0 when it could not be reached. */
  private final int status;

  RemoteBusException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * @return the HTTP status the bus answered, or 0 when it could not be reached
   */
  public int status() {
    return status;
  }
}
