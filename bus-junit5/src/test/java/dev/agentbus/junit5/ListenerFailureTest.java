package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A listener of an injected agent that fails makes its test fail, with the handler's reason. */
class ListenerFailureTest {

  @Test
  void anAssertionFailingInAListenerFailsTheTestWithTheHandlersMessage() {
    Throwable failure = failureOf(AssertsInAListener.class);

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("agent bob's listener failed")
        .hasMessageContaining("from alice")
        .hasMessageContaining("expected: \"expected\"")
        .hasMessageContaining("but was: \"something else\"");
    assertThat(failure.getCause())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected: \"expected\"");
  }

  @Test
  void aRuntimeExceptionThrownByAListenerFailsTheTestWithItAsTheCause() {
    Throwable failure = failureOf(ThrowsInAListener.class);

    assertThat(failure)
        .hasMessageStartingWith("agent bob's listener failed")
        .hasMessageContaining("java.lang.IllegalStateException: no plan for 'something else'");
    assertThat(failure.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no plan for 'something else'");
  }

  @Test
  void aListenerStillHandlingWhenTheTestReturnsIsAwaitedAndItsFailureCounts() {
    Throwable failure = failureOf(HandlerStillBusyWhenTheTestReturns.class);

    assertThat(failure.getCause()).hasMessage("the second message is wrong");
  }

  @Test
  void severalFailuresFailTheTestWithTheFirstAsCauseAndTheOthersSuppressed() {
    Throwable failure = failureOf(TwoListenersFail.class);

    assertThat(failure).hasMessageContaining("and 1 more failure");
    assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(other -> assertThat(other).hasMessageStartingWith("agent carol's listener"));
  }

  @Test
  void aTestThatFailedByItselfKeepsItsOwnFailureAndShowsTheListenersAsSuppressed() {
    Throwable failure = failureOf(FailsAndItsListenerToo.class);

    assertThat(failure).hasMessage("the test's own failure");
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(other -> assertThat(other).hasMessageStartingWith("agent bob's listener"));
  }

  @Test
  void aListenerThatHandlesEverythingLeavesTheTestPassing() {
    EngineRuns.run(ListensWithoutFailing.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
  }

  private static Throwable failureOf(Class<?> testClass) {
    EngineExecutionResults results = EngineRuns.run(testClass);
    results.testEvents().assertStatistics(s -> s.failed(1));
    return EngineRuns.failure(results.testEvents().failed().list().get(0));
  }

  @WithAgentBus
  static class AssertsInAListener {
    // snippet:listener
    @Test
    void test(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
      bob.listen(m -> assertThat(m.msg()).isEqualTo("expected"));
      alice.send("bob", "something else");
      traffic.awaitDelivered(Sent.by("alice").to("bob"));
    }
    // end-snippet:listener
  }

  @WithAgentBus
  static class ThrowsInAListener {
    @Test
    void test(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
      bob.listen(
          m -> {
            throw new IllegalStateException("no plan for '" + m.msg() + "'");
          });
      alice.send("bob", "something else");
      traffic.awaitDelivered(Sent.by("alice").to("bob"));
    }
  }

  /**
   * Bob gets both messages in one answer; his handler is still busy with the first when the test
   * method has returned, so the failing second one is handled only while the extension cleans up.
   */
  @WithAgentBus
  static class HandlerStillBusyWhenTheTestReturns {
    private final CountDownLatch testReturned = new CountDownLatch(1);

    @Test
    void test(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
      alice.send("bob", "first");
      alice.send("bob", "second");
      bob.listen(
          m -> {
            if (m.msg().equals("first")) {
              awaitQuietly(testReturned);
            } else {
              throw new AssertionError("the second message is wrong");
            }
          });
      traffic.awaitDelivered(Sent.by("alice").to("bob").containing("second"));
    }

    @AfterEach
    void release() {
      testReturned.countDown();
    }
  }

  @WithAgentBus
  static class TwoListenersFail {
    @Test
    void test(
        @Agent("alice") AgentBusClient alice,
        @Agent("bob") AgentBusClient bob,
        @Agent("carol") AgentBusClient carol,
        Traffic traffic) {
      Listener bobs = bob.listen(m -> assertThat(m.msg()).isEqualTo("for bob"));
      carol.listen(m -> assertThat(m.msg()).isEqualTo("for carol"));
      alice.send("bob", "wrong");
      awaitStopped(bobs);
      alice.send("carol", "wrong too");
      traffic.awaitDelivered(Sent.by("alice").to("carol"));
    }
  }

  @WithAgentBus
  static class FailsAndItsListenerToo {
    @Test
    void test(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
      Listener listener = bob.listen(m -> assertThat(m.msg()).isEqualTo("expected"));
      alice.send("bob", "something else");
      awaitStopped(listener);
      throw new AssertionError("the test's own failure");
    }
  }

  @WithAgentBus
  static class ListensWithoutFailing {
    @Test
    void test(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
      bob.listen(m -> bob.send(m.from(), "got " + m.msg()));
      alice.send("bob", "ping");
      traffic.awaitSent(Sent.by("bob").to("alice").containing("got ping"));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitStopped(Listener listener) {
    try {
      assertThat(listener.awaitStopped(Traffic.DEFAULT_TIMEOUT)).as("listener stopped").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
