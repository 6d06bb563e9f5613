package dev.agentbus.embedded.internal.http;

/**
 * Cuts a string taken from a request before the bus keeps or echoes it, so that no client can make
 * the journal, a log line or an error message arbitrarily large. A cut string says how long the
 * original was.
 */
final class BoundedText {

  /** The most characters kept of any path, name, header or value taken from a request. */
  static final int MAX_CHARS = 1_024;

  private BoundedText() {}

  /**
   * @param text a string from a request, or {@code null}
   * @return the string itself when it has at most {@link #MAX_CHARS} characters, else its first
   *     {@code MAX_CHARS} followed by {@code …[cut, N chars]}; {@code null} for {@code null}
   */
  static String cut(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return text.substring(0, end) + "…[cut, " + text.length() + " chars]";
  }
}
