package dev.agentbus.embedded.internal.core;

/**
 * Thrown when a send cannot be kept within the bus's memory budget even after its namespace gave up
 * all it could (its oldest journal entries, then its oldest queued messages): the memory is held by
 * other namespaces, or the message alone is larger than a namespace's share. Nothing was stored.
 */
public final class BudgetExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BudgetExhaustedException(String message) {
    super(message);
  }
}
