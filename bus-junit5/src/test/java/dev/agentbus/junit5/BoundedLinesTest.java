package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading an agent's output into lines with a bound per line. */
class BoundedLinesTest {

  @Test
  void aLineLongerThanTheBoundKeepsItsStartAndCountsTheRest() throws IOException {
    assertThat(read(5, "0123456789\nshort\n")).containsExactly("01234 +5", "short");
  }

  @Test
  void linesEndAsReadLineEndsThem() throws IOException {
    assertThat(read(10, "a\nb\r\nc\rd\n\ne")).containsExactly("a", "b", "c", "d", "", "e");
  }

  @Test
  void aCharacterOutsideTheBasicPlaneIsNeverCutInHalf() throws IOException {
    assertThat(read(3, "ab\uD83D\uDE00cd\n")).containsExactly("ab +4");
  }

  private static List<String> read(int maxChars, String text) throws IOException {
    List<String> lines = new ArrayList<>();
    new BoundedLines(maxChars)
        .readAll(
            new StringReader(text), (kept, cut) -> lines.add(cut == 0 ? kept : kept + " +" + cut));
    return lines;
  }
}
