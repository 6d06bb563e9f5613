package dev.agentbus.client.payload;

/** A chunked payload or a referenced file could not be reassembled or verified. */
public final class PayloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  PayloadException(String message) {
    super(message);
  }

  PayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
