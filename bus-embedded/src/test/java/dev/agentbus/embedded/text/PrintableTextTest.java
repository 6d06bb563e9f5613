package dev.agentbus.embedded.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {

  @Test
  void unicodeTagCharactersThatHideTextAreEscapedByCodePoint() {
    String hidden =
        "ok" + new String(Character.toChars(0xE0041)) + new String(Character.toChars(0xE007F));

    assertThat(PrintableText.escape(hidden)).isEqualTo("ok\\u{e0041}\\u{e007f}");
  }

  @Test
  void aLiteralBackslashAndNReadsApartFromALineBreak() {
    String literal = PrintableText.escape("a\\nb");
    String lineBreak = PrintableText.escape("a\nb");

    assertThat(literal).isEqualTo("a\\\\nb");
    assertThat(lineBreak).isEqualTo("a\\nb");
  }

  @Test
  void variationSelectorsAndHangulFillersThatMakeOneNameLookLikeAnotherAreEscaped() {
    String lookalike = "alice\ufe0f" + new String(Character.toChars(0xE0100)) + "\u3164";

    assertThat(PrintableText.escape(lookalike)).isEqualTo("alice\\ufe0f\\u{e0100}\\u3164");
  }

  @Test
  void aLoneSurrogateIsEscaped() {
    assertThat(PrintableText.escape("x\ud800y")).isEqualTo("x\\ud800y");
  }

  @Test
  void charactersBeyondTheBasicPlaneThatAreVisibleStayAsTheyAre() {
    assertThat(PrintableText.escape("agent 🤖 done")).isEqualTo("agent 🤖 done");
  }

  @Test
  void aQuotablePreviewIsCutAtItsLimitWithAnEllipsis() {
    assertThat(PrintableText.quotable("say \"hi\" there", 9)).isEqualTo("say \\\"hi\\\"…");
  }
}
