package dev.agentbus.embedded.report;

import dev.agentbus.client.protocol.ProtocolJson;

/**
 * JSON that may sit inside an HTML {@code <script>} element: the characters that could end the
 * element or start markup ({@code <}, {@code >}, {@code &}) and the line separators older
 * JavaScript parsers choke on are written as {@code \\u} escapes. They can only occur inside JSON
 * strings, where the escape means the same character, so the data reads back unchanged.
 */
final class ScriptJson {

  private ScriptJson() {}

  static String of(Object value) {
    return escape(ProtocolJson.writeString(value));
  }

  static String escape(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      String escape =
          switch (c) {
            case '<' -> "\\u003c";
            case '>' -> "\\u003e";
            case '&' -> "\\u0026";
            case '\u2028' -> "\\u2028";
            case '\u2029' -> "\\u2029";
            default -> null;
          };
      if (escape != null && out == null) {
        out = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (out != null) {
        if (escape == null) {
          out.append(c);
        } else {
          out.append(escape);
        }
      }
    }
    return out == null ? json : out.toString();
  }

  static long utf8Bytes(String text) {
    // ASCII is the common case; counting avoids encoding the whole page twice.
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
