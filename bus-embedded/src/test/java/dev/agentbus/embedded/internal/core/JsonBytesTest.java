package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.protocol.ProtocolJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte count that cuts pages equals what the JSON encoder really writes for a string. */
class JsonBytesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii",
        "\u0001\u0002\u001f",
        "quote \" and backslash \\",
        "tab\tnewline\ncr\rbackspace\bformfeed\f",
        "\u007f delete is not escaped",
        "é and ß are two bytes",
        "€ and 中 are three",
        "😀 a surrogate pair is written as two escapes",
        "a lone high \ud800 surrogate",
        "a lone low \udc00 surrogate, and one at the end \ud83d"
      })
  void aStringIsCountedAsTheBytesTheEncoderWrites(String text) {
    assertThat(JsonBytes.of(text)).isEqualTo(ProtocolJson.write(text).length);
  }
}
