package dev.agentbus.embedded.internal.core;

/**
 * Makes text taken from clients safe to print on one line: a name or body holding a newline or
 * another control character must not be able to forge lines in a transcript or a log.
 */
public final class PrintableText {

  private PrintableText() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * @param text any text, or {@code null}
   * @return the text with line breaks, tabs, other control characters and invisible format
   *     characters written as escapes ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}, {@code
   *     \u202e}); {@code "null"} for {@code null}
   */
  public static String escape(String text) {
    return text == null ? "null" : preview(text, Integer.MAX_VALUE, false);
  }

  /**
   * @param body a message body
   * @param limit the most characters kept
   * @return the body escaped as by {@link #escape} with {@code "} also escaped, cut with an
   *     ellipsis beyond {@code limit} characters
   */
  public static String quotable(String body, int limit) {
    return preview(body, limit, true);
  }

  private static String preview(String text, int limit, boolean escapeQuotes) {
    StringBuilder line = new StringBuilder();
    int i = 0;
    for (; i < text.length() && line.length() < limit; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        case '"' -> line.append(escapeQuotes ? "\\\"" : "\"");
        default -> {
          // Besides the ISO controls, Unicode's own line and paragraph separators break lines,
          // and format characters (right-to-left overrides, zero-width joiners) reorder or hide
          // what a reader sees.
          if (Character.isISOControl(c)
              || c == '\u2028'
              || c == '\u2029'
              || Character.getType(c) == Character.FORMAT) {
            // By hand: String.format per character made a transcript of control-character
            // names take seconds to render.
            line.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            line.append(c);
          }
        }
      }
    }
    return i == text.length() ? line.toString() : line + "…";
  }
}
