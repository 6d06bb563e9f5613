package dev.agentbus.embedded.internal.core;

/** Thrown when creating a namespace would pass the bus's bound on namespaces. */
public final class TooManyNamespacesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TooManyNamespacesException(int bound) {
    super(
        "this bus already has "
            + bound
            + " namespaces, its bound; drop finished ones (DELETE /ns/<id>/_bus/namespace) or start"
            + " the bus with a higher maxNamespaces (a server option)");
  }
}
