package dev.agentbus.embedded.internal.core;

/**
 * Thrown when a request reaches a namespace that was dropped, or a bus that stopped, while the
 * request was in flight: nothing was stored, so the sender must be told rather than answered 200.
 */
public final class NamespaceStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String namespaceId;

  NamespaceStoppedException(String namespaceId) {
    super(
        namespaceId.isEmpty()
            ? "the bus is stopping; nothing was stored"
            : "namespace '"
                + namespaceId
                + "' was dropped while this request was in flight; nothing was stored");
    this.namespaceId = namespaceId;
  }

  /**
   * @return the namespace id; empty for the root namespace, which stops only with its bus
   */
  public String namespaceId() {
    return namespaceId;
  }
}
