package dev.agentbus.embedded.options;

/**
 * Thrown when a namespace is created with options that differ from those of an existing namespace
 * of the same id (HTTP 409): two tests picked the same id, or a stale namespace outlived its test.
 */
public final class NamespaceConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what differs and what to do
   */
  public NamespaceConflictException(String message) {
    super(message);
  }
}
