package dev.agentbus.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a client polls from next, including against the reference server's cut answers. */
class CursorRuleTest {

  private static BusMessage at(String ts) {
    return new BusMessage(new BigDecimal(ts), "alice", "m", "c");
  }

  @Test
  void aFullAnswerAdvancesToItsLastTimestampNotToNow() {
    // the reference server cuts at max and still reports the wall clock as now
    RecvResult cut =
        new RecvResult(List.of(at("10.000001"), at("10.000002")), new BigDecimal("99"));

    assertThat(cut.nextSince(BigDecimal.ZERO, 2)).isEqualByComparingTo("10.000002");
  }

  @Test
  void anAnswerShortOfMaxAdvancesToNow() {
    RecvResult partial = new RecvResult(List.of(at("10.000001")), new BigDecimal("12.5"));

    assertThat(partial.nextSince(BigDecimal.ZERO, 2)).isEqualByComparingTo("12.5");
  }

  @Test
  void anEmptyAnswerAdvancesToNowAndNeverBackwards() {
    RecvResult empty = new RecvResult(List.of(), new BigDecimal("12.5"));

    assertThat(empty.nextSince(BigDecimal.ZERO, 2)).isEqualByComparingTo("12.5");
    assertThat(empty.nextSince(new BigDecimal("20"), 2)).isEqualByComparingTo("20");
  }
}
