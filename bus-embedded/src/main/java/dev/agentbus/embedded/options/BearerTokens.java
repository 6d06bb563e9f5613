package dev.agentbus.embedded.options;

/**
 * What a bearer token may be: one or more visible ASCII characters. A token with a space, a control
 * character or a letter outside ASCII cannot travel in an {@code Authorization} header intact, so a
 * bus configured with one could never be opened; it is refused where it is given.
 */
public final class BearerTokens {

  private BearerTokens() {}

  /**
   * @param token a token as configured
   * @return why the token cannot be used, or {@code null} if it can
   */
  public static String problem(String token) {
    if (token.isEmpty()) {
      return "is empty, which would leave the bus open to anyone";
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return String.format(
            "has character U+%04X at position %d; a bearer token is visible ASCII only (letters,"
                + " digits and punctuation, no spaces)",
            (int) c, i + 1);
      }
    }
    return null;
  }
}
