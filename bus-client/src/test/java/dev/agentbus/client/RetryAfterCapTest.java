package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a listener waits after a refusal: its backoff, or the bus's Retry-After if longer. */
class RetryAfterCapTest {

  @Test
  void aRetryAfterLongerThanTheBackoffIsWaitedInFull() {
    assertThat(PollingListener.waitMillis(100, Duration.ofSeconds(1))).isEqualTo(1_000);
  }

  @Test
  void aBackoffLongerThanTheRetryAfterIsKept() {
    assertThat(PollingListener.waitMillis(5_000, Duration.ofSeconds(1))).isEqualTo(5_000);
  }

  @Test
  void noRetryAfterLeavesTheBackoff() {
    assertThat(PollingListener.waitMillis(200, Duration.ZERO)).isEqualTo(200);
  }

  @Test
  void aRetryAfterBeyondAMinuteIsCutToAMinute() {
    assertThat(PollingListener.waitMillis(100, Duration.ofDays(1))).isEqualTo(60_000);
  }
}
