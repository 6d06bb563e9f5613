package dev.agentbus.embedded.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the request path and query strictly, so that an escape that is not UTF-8 gets a JSON 400
 * naming it instead of a silently substituted character (a {@code %} without two hex digits never
 * gets here: Undertow's parser refuses it first). Undertow is told not to decode URLs and hands
 * over the target as it arrived, one character per byte; this class turns those bytes and their
 * {@code %XX} escapes back into UTF-8 text.
 */
final class PercentDecoding {

  private PercentDecoding() {}

  /**
   * @param raw a path as Undertow received it
   * @return the path decoded; {@code +} stays a plus sign
   * @throws IllegalArgumentException naming the bad escape or the invalid UTF-8
   */
  static String path(String raw) {
    return decode(raw, false);
  }

  /**
   * @param raw a path as Undertow received it
   * @return the path decoded where it can be, else as received: for logs and the journal, which
   *     must show even a path the bus refused
   */
  static String pathForDisplay(String raw) {
    try {
      return path(raw);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /**
   * @param raw a query parameter's name or value as Undertow received it
   * @return the text decoded as a form field: {@code +} is a space, as Python's {@code urlencode}
   *     and HTML forms write it
   * @throws IllegalArgumentException naming the bad escape or the invalid UTF-8
   */
  static String queryPart(String raw) {
    return decode(raw, true);
  }

  private static String decode(String raw, boolean plusIsSpace) {
    if (!needsDecoding(raw, plusIsSpace)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException(
              "'%' at character "
                  + (i + 1)
                  + " is not followed by two hex digits (write a literal % as %25)");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c <= 0xFF) {
        bytes.write(c);
      } else {
        // Not a byte as received: already text, so keep it as its UTF-8 encoding.
        int codePoint = raw.codePointAt(i);
        bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "the decoded bytes are not UTF-8 (percent-encode text as UTF-8)", e);
    }
  }

  private static boolean needsDecoding(String raw, boolean plusIsSpace) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' || c > 0x7F || (c == '+' && plusIsSpace)) {
        return true;
      }
    }
    return false;
  }
}
