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
   *     \u202e}, and a backslash followed by {@code u{e0041}} beyond the Basic Multilingual Plane)
   *     and a backslash doubled; {@code "null"} for {@code null}
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
    // By code point: a character outside the Basic Multilingual Plane, such as a Unicode tag
    // (U+E0000 to U+E007F, which hides text from a reader), is two chars, neither of them a format
    // character on its own.
    while (i < text.length() && line.length() < limit) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        // A backslash in the text is doubled, so that an escape always means a character
        // escaped: a body holding backslash and n reads apart from one holding a line break.
        case '\\' -> line.append("\\\\");
        case '"' -> line.append(escapeQuotes ? "\\\"" : "\"");
        default -> {
          if (hidden(c)) {
            appendEscape(line, c);
          } else {
            line.appendCodePoint(c);
          }
        }
      }
    }
    return i >= text.length() ? line.toString() : line + "…";
  }

  /**
   * Besides the ISO controls, Unicode's own line and paragraph separators break lines, format
   * characters (right-to-left overrides, zero-width joiners, tags) reorder or hide what a reader
   * sees, and a lone surrogate is no character at all.
   */
  private static boolean hidden(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || c == '\u2028'
        || c == '\u2029'
        || type == Character.FORMAT
        || type == Character.SURROGATE;
  }

  /**
   * Writes a backslash, {@code u} and four hex digits for a character of the Basic Multilingual
   * Plane, and a backslash, {@code u} and the hex code point in braces for one beyond it. By hand:
   * String.format per character made a transcript of control-character names take seconds to
   * render.
   */
  private static void appendEscape(StringBuilder line, int c) {
    if (Character.isBmpCodePoint(c)) {
      line.append("\\u")
          .append(HEX[(c >> 12) & 0xf])
          .append(HEX[(c >> 8) & 0xf])
          .append(HEX[(c >> 4) & 0xf])
          .append(HEX[c & 0xf]);
    } else {
      line.append("\\u{").append(Integer.toHexString(c)).append('}');
    }
  }
}
