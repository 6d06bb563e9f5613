package dev.agentbus.embedded.internal.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the whole bus may keep of what clients send: queued bodies and journal entries, in all
 * namespaces together. Sizes are estimates of heap use (two bytes a character plus a fixed cost per
 * object), erring high. Each namespace may hold at most {@link #namespaceShare()} of it, so that
 * one flooding test cannot crowd out the others. Thread-safe.
 */
public final class MemoryBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param limit the budget in bytes
   */
  public MemoryBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("memory budget must be positive, got " + limit);
    }
    this.limit = limit;
  }

  /** The most the default budget takes, whatever the heap: a test bus keeps tests' traffic. */
  public static final long DEFAULT_LIMIT_CAP = 128L << 20;

  /**
   * @return a budget of two fifths of the largest heap this JVM may grow to, at most {@link
   *     #DEFAULT_LIMIT_CAP}: room for the bus's own working memory and for whatever else shares the
   *     JVM (a test suite, a Maven build), and no more than a test tool should take of a machine
   *     whose JVMs default to a quarter of its memory
   */
  public static long defaultLimit() {
    return Math.min(Runtime.getRuntime().maxMemory() / 5 * 2, DEFAULT_LIMIT_CAP);
  }

  /**
   * @return the budget in bytes
   */
  public long limit() {
    return limit;
  }

  /**
   * @return the most one namespace may hold: half the budget
   */
  public long namespaceShare() {
    return limit / 2;
  }

  /**
   * @return the bytes held now, estimated
   */
  public long used() {
    return used.get();
  }

  boolean fits(long bytes) {
    return used.get() + bytes <= limit;
  }

  void add(long bytes) {
    used.addAndGet(bytes);
  }

  /** Estimated heap bytes of a string kept from a request. */
  static long of(String text) {
    return text == null ? 0 : 40L + 2L * text.length();
  }
}
