package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A transcript is bounded however long the names in it: each line is cut, routes line up at a
 * bounded width, and the whole keeps the newest lines within its cap, saying what it left out.
 */
class TranscriptBoundsTest {

  /** Escaped, the name is written as 6,000 characters. */
  private static final String NAME = "\u0001".repeat(1_000);

  private static final int MESSAGES = 2_200;

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  @Test
  void aTranscriptOfLongNamesKeepsItsNewestLinesWithinItsCap() {
    assertThat(bus.http("t").send("a", "b", "first", "c").status()).isEqualTo(200);
    for (int i = 0; i < MESSAGES; i++) {
      // The route column cuts long names; the diagnosis names the recipient in full.
      assertThat(bus.http("t").send(NAME + i, NAME + i, "hi", "c").status()).isEqualTo(200);
    }
    assertThat(bus.http("t").send("a", "b", "last", "c").status()).isEqualTo(200);

    Reply transcript = bus.http("t").get("/_bus/transcript?max=20000");

    assertThat(transcript.status()).isEqualTo(200);
    // Uncut, each line would take over 6,000 characters: more than 13 million in all.
    assertThat(transcript.text().length()).isLessThan(4_300_000);
    assertThat(transcript.text())
        .contains("earlier lines left out to keep the transcript within 4194304 characters")
        .contains("…[cut, ")
        .contains("\"last\"")
        .doesNotContain("\"first\"")
        .contains(MESSAGES + 2 + " messages: ");
    // A short route still lines up at a bounded width, not at the longest name's.
    String last =
        transcript
            .text()
            .lines()
            .filter(line -> line.contains("\"last\""))
            .findFirst()
            .orElseThrow();
    assertThat(last.indexOf("[c]")).isLessThan(100);
  }
}
