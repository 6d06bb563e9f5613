package dev.agentbus.embedded.testing;

import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.RequestRejected;
import java.time.Duration;

/** Reads refused requests back from a journal, for tests of bad input. */
public final class Rejections {

  private Rejections() {}

  /**
   * @param journal where the refusal is expected
   * @return the first refused request journaled, waiting up to 10 s for it (some refusals are
   *     journaled on an I/O thread after the client has seen the connection close)
   * @throws AssertionError if none came
   */
  public static RequestRejected first(JournalView journal) throws InterruptedException {
    return journal
        .awaitEntry(1, RequestRejected.class, entry -> true, Duration.ofSeconds(10))
        .orElseThrow(() -> new AssertionError("no refused request was journaled within 10 s"));
  }
}
