package dev.agentbus.embedded.text;

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
   * sees, default-ignorable characters (variation selectors, Hangul fillers) make one name look
   * like another, and a lone surrogate is no character at all.
   */
  private static boolean hidden(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || c == '\u2028'
        || c == '\u2029'
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || defaultIgnorable(c);
  }

  /** Unicode's Default_Ignorable_Code_Point property, which Java does not expose. */
  private static boolean defaultIgnorable(int c) {
    return c == 0x00AD
        || c == 0x034F
        || c == 0x061C
        || (c >= 0x115F && c <= 0x1160)
        || (c >= 0x17B4 && c <= 0x17B5)
        || (c >= 0x180B && c <= 0x180F)
        || (c >= 0x200B && c <= 0x200F)
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2060 && c <= 0x206F)
        || c == 0x3164
        || (c >= 0xFE00 && c <= 0xFE0F)
        || c == 0xFEFF
        || c == 0xFFA0
        || (c >= 0xFFF0 && c <= 0xFFF8)
        || (c >= 0x1BCA0 && c <= 0x1BCA3)
        || (c >= 0x1D173 && c <= 0x1D17A)
        || (c >= 0xE0000 && c <= 0xE0FFF);
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
