package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which requests a scripted rule picks, asked without a proxy: the counting is plain Java. */
class WireFaultRuleTest {

  private static final WireFaultRecorder NOT_RECORDED = (agent, request, fault) -> {};

  private final WireFaultRules rules = new WireFaultRules(NOT_RECORDED);
  private final BusFaults faults = new BusFaults(rules, null);

  private static final WireRequest BOB_RECV = new WireRequest("GET", "/recv", "bob", "Mozilla/5.0");
  private static final WireRequest ALICE_RECV =
      new WireRequest("GET", "/recv", "alice", "Mozilla/5.0");
  private static final WireRequest BOB_SEND =
      new WireRequest("POST", "/send", "bob", "Mozilla/5.0");
  private static final WireRequest HEALTH = new WireRequest("GET", "/healthz", null, "Mozilla/5.0");

  @Test
  void nextFaultsOnlyThatManyRequestsThenLetsAllPass() {
    faults.onRecv().next(2).connectionReset();

    assertThat(picks(BOB_RECV, 5)).containsExactly(1, 2);
  }

  @Test
  void everyFaultsEachNthRequest() {
    faults.onRecv().every(3).emptyResponse();

    assertThat(picks(BOB_RECV, 10)).containsExactly(3, 6, 9);
  }

  @Test
  void aRuleWithoutWhenFaultsEveryRequestUntilCleared() {
    faults.onAll().status(502);

    assertThat(picks(HEALTH, 3)).containsExactly(1, 2, 3);
    faults.clear();
    assertThat(picks(HEALTH, 3)).isEmpty();
  }

  @Test
  void forAgentLeavesOtherAgentsAndAgentlessRequestsAlone() {
    faults.onAll().forAgent("bob").connectionReset();

    assertThat(rules.decide(ALICE_RECV)).isEmpty();
    assertThat(rules.decide(HEALTH)).isEmpty();
    assertThat(rules.decide(BOB_SEND)).isPresent();
  }

  @Test
  void onSendAndOnRecvPickOnlyTheirKindOfRequest() {
    faults.onSend().connectionReset();

    assertThat(rules.decide(BOB_RECV)).isEmpty();
    assertThat(rules.decide(BOB_SEND)).isPresent();
  }

  @Test
  void theSameSeedPicksTheSameRequests() {
    faults.onRecv().withProbability(0.25, 99).connectionReset();
    List<Integer> first = picks(BOB_RECV, 200);
    WireFaultRules again = new WireFaultRules(NOT_RECORDED);
    new BusFaults(again, null).onRecv().withProbability(0.25, 99).connectionReset();

    assertThat(first).hasSizeBetween(20, 80);
    assertThat(picks(again, BOB_RECV, 200)).isEqualTo(first);
  }

  @Test
  void theFirewallPicksOnlyRequestsWhoseUserAgentIsNotABrowsers() {
    faults.onAll().next(1).firewallBlock();

    assertThat(rules.decide(BOB_RECV)).as("Mozilla/5.0 passes, uncounted").isEmpty();
    assertThat(rules.decide(new WireRequest("GET", "/recv", "bob", "Python-urllib/3.11")))
        .isPresent();
  }

  @Test
  void theFirstRuleThatFiresDecidesAndLaterRulesDoNotCountTheRequest() {
    faults.onRecv().next(1).connectionReset();
    faults.onRecv().next(1).emptyResponse();

    assertThat(rules.decide(BOB_RECV))
        .map(WireFault::kind)
        .hasValue(WireFault.Kind.CONNECTION_RESET);
    assertThat(rules.decide(BOB_RECV)).map(WireFault::kind).hasValue(WireFault.Kind.EMPTY_RESPONSE);
    assertThat(rules.decide(BOB_RECV)).isEmpty();
  }

  @Test
  void everyInjectedFaultIsKeptAndRecordedInOrder() {
    List<String> recorded = new ArrayList<>();
    WireFaultRules recording =
        new WireFaultRules(
            (agent, request, fault) -> recorded.add(agent + " " + request + " " + fault));
    new BusFaults(recording, null).onAll().delay(Duration.ofMillis(250));

    recording.decide(BOB_SEND);
    recording.decide(ALICE_RECV);

    assertThat(recorded)
        .containsExactly("bob POST /send delay 250 ms", "alice GET /recv delay 250 ms");
    assertThat(new BusFaults(recording, null).injected())
        .containsExactly(
            new InjectedFault("bob", "POST /send", "delay 250 ms"),
            new InjectedFault("alice", "GET /recv", "delay 250 ms"));
  }

  @Test
  void outOfRangeArgumentsAreRefusedWithTheRule() {
    refused(rule -> rule.next(0), "next(0): n counts requests and must be at least 1");
    refused(rule -> rule.every(-1), "every(-1): n counts requests and must be at least 1");
    refused(rule -> rule.withProbability(1.5, 1), "p must be above 0 and at most 1");
    refused(rule -> rule.status(302), "status(302): a fault answers an error status, 400 to 599");
    refused(rule -> rule.delay(Duration.ZERO), "delay(PT0S): give a duration above zero");
    refused(rule -> rule.forAgent(" "), "forAgent(\" \"): give the agent's name");
  }

  @Test
  void aTestHoldsAtMost32RulesAtOnce() {
    for (int i = 0; i < WireFaultRules.MAX_RULES; i++) {
      faults.onSend().next(1).connectionReset();
    }

    assertThatThrownBy(() -> faults.onSend().connectionReset())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("32 wire fault rules already")
        .hasMessageContaining("faults.clear()");
    faults.clear();
    faults.onSend().connectionReset();
  }

  private void refused(Consumer<WireRule> misuse, String message) {
    assertThatThrownBy(() -> misuse.accept(faults.onAll()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private List<Integer> picks(WireRequest request, int count) {
    return picks(rules, request, count);
  }

  /** The numbers, from 1, of the requests among {@code count} alike that get a fault. */
  private static List<Integer> picks(WireFaultRules rules, WireRequest request, int count) {
    List<Integer> picked = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      if (rules.decide(request).isPresent()) {
        picked.add(i);
      }
    }
    return picked;
  }
}
