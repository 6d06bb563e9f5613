package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BurstEndTest {

  private static final long MIB = 1L << 20;

  @Test
  void aHeapThatGrewAndThenStayedStillHasJustEndedABurst() {
    BurstEnd burstEnd = new BurstEnd(10 * MIB, 0);

    assertThat(burstEnd.endedAt(200 * MIB, 0)).isFalse();
    assertThat(burstEnd.endedAt(200 * MIB, 0)).isTrue();
  }

  @Test
  void collectionsSinceTheLastLookAreTrafficEvenWhenTheHeapDidNotGrow() {
    BurstEnd burstEnd = new BurstEnd(100 * MIB, 3);

    assertThat(burstEnd.endedAt(60 * MIB, 7)).isFalse();
    assertThat(burstEnd.endedAt(60 * MIB, 7)).isTrue();
  }

  @Test
  void aBusIdleFromTheStartIsNeverCollected() {
    BurstEnd burstEnd = new BurstEnd(10 * MIB, 0);

    for (int look = 0; look < 10; look++) {
      assertThat(burstEnd.endedAt(10 * MIB, 0)).isFalse();
    }
  }

  @Test
  void aTrickleBelowTheThresholdIsNotTraffic() {
    BurstEnd burstEnd = new BurstEnd(10 * MIB, 0);
    long used = 10 * MIB;

    for (int look = 0; look < 10; look++) {
      used += BurstEnd.GROWTH_THAT_IS_TRAFFIC - 1;
      assertThat(burstEnd.endedAt(used, 0)).isFalse();
    }
  }

  @Test
  void oneBurstIsCollectedOnceAndItsOwnCollectionIsNotANewBurst() {
    BurstEnd burstEnd = new BurstEnd(10 * MIB, 0);
    burstEnd.endedAt(300 * MIB, 2);
    assertThat(burstEnd.endedAt(300 * MIB, 2)).isTrue();

    burstEnd.collected(40 * MIB, 3);

    assertThat(burstEnd.endedAt(40 * MIB, 3)).isFalse();
    assertThat(burstEnd.endedAt(40 * MIB, 3)).isFalse();
  }

  @Test
  void theNextBurstIsCollectedAgain() {
    BurstEnd burstEnd = new BurstEnd(10 * MIB, 0);
    burstEnd.endedAt(300 * MIB, 2);
    burstEnd.endedAt(300 * MIB, 2);
    burstEnd.collected(40 * MIB, 3);

    assertThat(burstEnd.endedAt(400 * MIB, 9)).isFalse();
    assertThat(burstEnd.endedAt(400 * MIB, 9)).isTrue();
  }
}
