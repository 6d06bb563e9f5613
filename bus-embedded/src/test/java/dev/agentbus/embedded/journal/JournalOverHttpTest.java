package dev.agentbus.embedded.journal;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.internal.core.LiveJournal;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the bus journals, and the journal read in process and over HTTP. */
class JournalOverHttpTest {

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();
  private BusNamespace namespace;
  private BusHttp agent;

  @BeforeEach
  void createNamespace() {
    namespace =
        bus.server()
            .createNamespace(
                "j", NamespaceOptions.builder().recvTimeout(Duration.ofSeconds(20)).build());
    agent = new BusHttp(namespace.url());
  }

  @Test
  void aSendIsJournaledWithItsTsChannelNamesSizeAndUserAgent() {
    BigDecimal ts = agent.send("alice", "bob", "héllo", "c-7").ts();

    MessageSent sent = (MessageSent) namespace.journal().entries().get(0);

    assertThat(sent.ts()).isEqualByComparingTo(ts);
    assertThat(sent.channel()).isEqualTo("c-7");
    assertThat(sent.channelGiven()).isTrue();
    assertThat(sent.from()).isEqualTo("alice");
    assertThat(sent.to()).isEqualTo("bob");
    assertThat(sent.msg()).isEqualTo("héllo");
    assertThat(sent.bytes()).isEqualTo(6);
    assertThat(sent.userAgent()).startsWith("Mozilla/5.0");
  }

  @Test
  void aJournalPageFromZeroStartsAtTheFirstEntry() {
    agent.send("alice", "bob", "first", null);
    agent.send("alice", "bob", "second", null);

    var page = agent.get("/_bus/journal?from=0").json();

    assertThat(page.get("entries")).hasSize(2);
    assertThat(page.get("entries").get(0).get("seq").asLong()).isEqualTo(1);
  }

  @Test
  void aChannellessSendIsJournaledOnDefaultAsNotGiven() {
    agent.send("alice", "bob", "x", null);

    MessageSent sent = (MessageSent) namespace.journal().entries().get(0);

    assertThat(sent.channel()).isEqualTo("default");
    assertThat(sent.channelGiven()).isFalse();
  }

  @Test
  void aPollIsJournaledWithWhatItAskedAndWhatItReturned() {
    BigDecimal ts = agent.send("alice", "bob", "x", "c").ts();
    agent.get(recvQuery("bob", "c", BigDecimal.ONE, false, 5));

    PollAnswered poll = (PollAnswered) namespace.journal().entries().get(1);

    assertThat(poll.to()).isEqualTo("bob");
    assertThat(poll.channel()).isEqualTo("c");
    assertThat(poll.readsChannel()).isEqualTo("c");
    assertThat(poll.since()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(poll.block()).isFalse();
    assertThat(poll.max()).isEqualTo(5);
    assertThat(poll.returned()).containsExactly(ts);
    assertThat(poll.clientGone()).isFalse();
  }

  @Test
  void aChannellessPollIsJournaledAsReadingEveryChannel() {
    agent.get(recvQuery("bob", null, null, null, null));

    PollAnswered poll = (PollAnswered) namespace.journal().entries().get(0);

    assertThat(poll.channel()).isNull();
    assertThat(poll.readsChannel()).isNull();
  }

  @Test
  void theHttpJournalAgreesWithTheInProcessJournal() throws Exception {
    agent.send("alice", "bob", "one", "c");
    agent.get(recvQuery("bob", "c", null, null, null));
    agent.postRaw("/send", "[]".getBytes());

    JournalPage page = ProtocolJson.read(agent.get("/_bus/journal").text(), JournalPage.class);

    assertThat(page.entries()).isEqualTo(namespace.journal().entries());
    assertThat(page.nextSeq()).isEqualTo(4);
    assertThat(page.dropped()).isZero();
  }

  @Test
  void readingTheJournalIsNotItselfJournaled() {
    agent.get("/_bus/journal");
    agent.get("/_bus/transcript");
    agent.get("/_bus/nothing-here");

    assertThat(namespace.journal().entries()).isEmpty();
  }

  @Test
  void theJournalFromASequenceNumberSkipsWhatCameBefore() {
    agent.send("alice", "bob", "one", null);
    agent.send("alice", "bob", "two", null);

    JsonNode entries = agent.get("/_bus/journal?from=2").json().get("entries");

    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("msg").asText()).isEqualTo("two");
  }

  @Test
  void aBlockingJournalReadWakesOnTheNextEntry() throws Exception {
    CompletableFuture<Reply> waiting = agent.getAsync("/_bus/journal?from=1&block=true");
    assertThat(((LiveJournal) namespace.journal()).awaitWaitingReaders(1, Duration.ofSeconds(20)))
        .isTrue();

    agent.send("alice", "bob", "wake the journal", null);

    JsonNode entries = waiting.join().json().get("entries");
    assertThat(entries.get(0).get("msg").asText()).isEqualTo("wake the journal");
  }

  @Test
  void aBlockingJournalReadIsAnsweredWhenTheBusStops() throws Exception {
    CompletableFuture<Reply> waiting = agent.getAsync("/_bus/journal?from=1&block=true");
    assertThat(((LiveJournal) namespace.journal()).awaitWaitingReaders(1, Duration.ofSeconds(20)))
        .isTrue();

    bus.server().close();

    Reply reply = waiting.join();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("entries")).isEmpty();
  }

  @Test
  void aBlockingJournalReadAnswersEmptyAfterItsTimeout() {
    Reply reply = agent.get("/_bus/journal?from=1&block=true&timeout=1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("entries")).isEmpty();
    assertThat(reply.json().get("nextSeq").asLong()).isEqualTo(1);
  }

  @Test
  void eachNamespaceHasAJournalOfItsOwn() {
    agent.send("alice", "bob", "in j", null);
    bus.http().send("alice", "bob", "at the root", null);

    assertThat(agent.get("/_bus/journal").json().get("entries")).hasSize(1);
    assertThat(bus.server().journal().entries()).hasSize(1);
    assertThat(((MessageSent) bus.server().journal().entries().get(0)).msg())
        .isEqualTo("at the root");
  }

  @Test
  void droppingANamespaceForgetsItsMessagesAndJournal() {
    agent.send("alice", "bob", "forget me", null);

    Reply dropped = agent.method("DELETE", "/_bus/namespace");

    assertThat(dropped.status()).isEqualTo(200);
    assertThat(dropped.json().get("dropped").asBoolean()).isTrue();
    assertThat(agent.get(recvQuery("bob", null, null, null, null)).json().get("messages"))
        .isEmpty();
    // The poll just made created the namespace anew, with only that poll in its journal.
    assertThat(namespace.journal().entries()).hasSize(1);
  }

  @Test
  void droppingANamespaceThatDoesNotExistIsNotFound() {
    Reply reply =
        new BusHttp(bus.server().namespaceUrl("never-used")).method("DELETE", "/_bus/namespace");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).startsWith("there is no namespace 'never-used' to drop");
    assertThat(bus.server().namespace("never-used")).isEmpty();
  }

  @Test
  void theRootNamespaceCannotBeDropped() {
    Reply reply = bus.http().method("DELETE", "/_bus/namespace");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error())
        .contains("root namespace is always there and cannot be created or dropped");
  }

  @Test
  void theTranscriptIsServedAsPlainText() {
    agent.send("alice", "bob", "ping", "c-7");

    Reply reply = agent.get("/_bus/transcript");

    assertThat(reply.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(reply.text()).startsWith("agent-bus traffic (namespace j").contains("alice -> bob");
  }

  @Test
  void theTrafficReportIsServedAsJson() {
    agent.send("alice", "bob", "ping", "c-7");

    JsonNode message = agent.get("/_bus/traffic").json().get("messages").get(0);

    assertThat(message.get("status").asText()).isEqualTo("NEVER_POLLED");
    assertThat(message.get("diagnosis").asText()).endsWith("bob never polled");
  }

  @Test
  void theTranscriptOverHttpCountsAPollParkedOnAnotherChannelWhileItWaits() {
    agent.getAsync(recvQuery("planner", "c-7", null, true, null));
    assertThat(agent.get("/_bus/polls?to=planner&channel=c-7&timeout=20").json().get("reached"))
        .isEqualTo(com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
    agent.send("alice", "planner", "plan?", null);

    String transcript = agent.get("/_bus/transcript").text();

    assertThat(transcript)
        .contains("NOT DELIVERED: planner only polled channel c-7 and is parked there now, since ")
        .contains("now  planner is polling channel c-7, parked since ")
        .doesNotContain("never polled");
  }

  @Test
  void theTrafficReportOverHttpCarriesTheParkedPollsItCounted() {
    agent.getAsync(recvQuery("planner", "c-7", null, true, null));
    assertThat(agent.get("/_bus/polls?to=planner&channel=c-7&timeout=20").json().get("reached"))
        .isEqualTo(com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
    agent.send("alice", "planner", "plan?", null);

    JsonNode page = agent.get("/_bus/traffic").json();

    JsonNode message = page.get("messages").get(0);
    assertThat(message.get("status").asText()).isEqualTo("CHANNEL_MISMATCH");
    assertThat(message.get("parkedNow").get(0).get("to").asText()).isEqualTo("planner");
    assertThat(page.get("parked").get("polls").get(0).get("readsChannel").asText())
        .isEqualTo("c-7");
    assertThat(page.get("parked").get("leftOut").asInt()).isZero();
  }

  @Test
  void parkedPollsOverHttpWaitForThePollThatParksNext() {
    long version = agent.get("/_bus/parked").json().get("version").asLong();
    CompletableFuture<Reply> next = agent.getAsync("/_bus/parked?after=" + version + "&timeout=20");

    agent.getAsync(recvQuery("bob", null, null, true, null));

    JsonNode parked = next.join().json();
    assertThat(parked.get("version").asLong()).isNotEqualTo(version);
    JsonNode poll = parked.get("polls").get(0);
    assertThat(poll.get("to").asText()).isEqualTo("bob");
    assertThat(poll.get("channel").isNull()).isTrue();
    assertThat(poll.get("readsChannel").isNull()).isTrue();
    assertThat(poll.get("count").asInt()).isEqualTo(1);
  }
}
