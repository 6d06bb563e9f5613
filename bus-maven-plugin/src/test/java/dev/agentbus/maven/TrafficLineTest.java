package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.ParkedPoll;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficLineTest {

  private final TrafficLine lines = new TrafficLine(ZoneOffset.UTC);

  @Test
  void aMessageShowsTimeRouteChannelAndBody() {
    List<JournalEntry> entries = new Journals().sent("alice", "bob", "c-7", "ping").entries();

    assertThat(lines.format(entries.get(0))).contains("14:40:00.001  alice -> bob  [c-7]  ping");
  }

  @Test
  void aMessageWithoutChannelSaysSo() {
    List<JournalEntry> entries = new Journals().sent("alice", "bob", null, "ping").entries();

    assertThat(lines.format(entries.get(0)).orElseThrow())
        .endsWith("alice -> bob  [default, no channel given]  ping");
  }

  @Test
  void onlyTheFirstLineOfABodyIsShownWithTheCountOfTheRest() {
    assertThat(TrafficLine.firstLine("status: done\nline 2\nline 3"))
        .isEqualTo("status: done (+2 lines)");
  }

  @Test
  void aLongFirstLineIsCutAndControlCharactersAreEscaped() {
    String body = "\u0007" + "x".repeat(200);

    String shown = TrafficLine.firstLine(body);

    assertThat(shown).startsWith("\\u0007xxx").endsWith("…");
    assertThat(shown.codePointCount(0, shown.length()))
        .isEqualTo("\\u0007".length() + TrafficLine.BODY_PREVIEW - 1 + 1);
  }

  @Test
  void aMessageDroppedOnPurposeShowsAsAFault() {
    List<JournalEntry> entries =
        new Journals().sent("alice", "bob", "c-7", "ping").droppedOnPurpose().entries();

    assertThat(lines.format(entries.get(1)).orElseThrow())
        .endsWith("FAULT alice -> bob  [c-7]  dropped on purpose");
  }

  @Test
  void aRestartAndTheMessagesItLostShowAsFaults() {
    List<JournalEntry> entries =
        new Journals().sent("alice", "bob", "c-7", "ping").lostInRestart().entries();

    assertThat(lines.format(entries.get(1)).orElseThrow())
        .endsWith("FAULT alice -> bob  [c-7]  lost in the restart");
    assertThat(lines.format(entries.get(2)).orElseThrow())
        .endsWith(
            "FAULT restart, queues lost: 0 parked polls cut, 1 messages lost, down for 500 ms");
  }

  @Test
  void aWireFaultShowsAsAFault() {
    List<JournalEntry> entries =
        new Journals().wireFault("alice", "POST /send", "connection reset").entries();

    assertThat(lines.format(entries.get(0)).orElseThrow())
        .endsWith("FAULT on the wire alice POST /send: connection reset");
  }

  @Test
  void aRejectedRequestIsShown() {
    List<JournalEntry> entries =
        new Journals().rejected("POST", "/send", 403, "User-Agent must contain Mozilla/").entries();

    assertThat(lines.format(entries.get(0)).orElseThrow())
        .endsWith("REJECTED POST /send 403: User-Agent must contain Mozilla/");
  }

  @Test
  void onlyTheFirstPollOfARecipientOnAChannelIsShown() {
    List<JournalEntry> entries =
        new Journals().polled("bob", "c-7").polled("bob", "c-7").polled("bob", "c-8").entries();

    assertThat(entries.stream().map(lines::format).flatMap(Optional::stream).toList())
        .containsExactly(
            "14:40:00.001  bob polls channel c-7", "14:40:00.003  bob polls channel c-8");
  }

  @Test
  void aPollShowsWhenItParksAndNotAgainWhenItIsAnswered() {
    List<JournalEntry> answered = new Journals().polled("bob", "c-7").entries();
    ParkedPoll parked =
        new ParkedPoll(
            new BigDecimal("1795617600.000500"), "bob", "c-7", "c-7", BigDecimal.ZERO, 1);

    Optional<String> whenParked = lines.format(parked);
    Optional<String> whenAnswered = lines.format(answered.get(0));

    assertThat(whenParked).hasValue("14:40:00.000  bob polls channel c-7 (waiting)");
    assertThat(whenAnswered).isEmpty();
  }
}
