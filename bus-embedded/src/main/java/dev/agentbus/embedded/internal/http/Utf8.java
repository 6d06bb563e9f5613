package dev.agentbus.embedded.internal.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding that names the first bad byte. */
final class Utf8 {

  private Utf8() {}

  /**
   * @param bytes the request body
   * @return the text
   * @throws Rejection 400 naming the offset of the first byte that is not UTF-8
   */
  static String decode(byte[] bytes) throws Rejection {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      throw new Rejection(
          400,
          String.format(
              "request body is not valid UTF-8 (byte 0x%02X at offset %d)",
              bytes[offset] & 0xFF, offset));
    }
    decoder.flush(out);
    return out.flip().toString();
  }
}
