package dev.agentbus.embedded.internal.http;

/**
 * The bound on agent and channel names. Names are kept in queues and in the journal, so the bus
 * refuses an over-long one instead of keeping it or cutting it (a cut name would address another
 * agent).
 */
final class Names {

  /**
   * The longest name accepted. Generous (a name may carry a whole prefix chain), yet small beside
   * the body limit, so that names never dominate what the bus keeps.
   */
  static final int MAX_CHARS = 16_384;

  private Names() {}

  /**
   * @param kind {@code "field"} or {@code "query parameter"}, for the error
   * @param parameter the parameter's name, e.g. {@code to}
   * @param value its value
   * @throws Rejection 400 when the value is longer than {@link #MAX_CHARS}
   */
  static void check(String kind, String parameter, String value) throws Rejection {
    if (value.length() > MAX_CHARS) {
      throw new Rejection(
          400,
          kind
              + " \""
              + parameter
              + "\" is "
              + value.length()
              + " characters long; names may have at most "
              + MAX_CHARS
              + " characters");
    }
  }
}
