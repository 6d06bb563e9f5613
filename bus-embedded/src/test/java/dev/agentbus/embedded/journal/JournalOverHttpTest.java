package dev.agentbus.embedded.journal;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.internal.core.LiveJournal;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the bus journals, and the journal read in process and over HTTP. */
class JournalOverHttpTest {

  private AgentBusServer server;
  private BusNamespace namespace;
  private BusHttp bus;

  @BeforeEach
  void start() {
    server = AgentBusServer.builder().start();
    namespace =
        server.createNamespace(
            "j", NamespaceOptions.builder().recvTimeout(Duration.ofSeconds(20)).build());
    bus = new BusHttp(namespace.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSendIsJournaledWithItsTsChannelNamesSizeAndUserAgent() {
    BigDecimal ts = bus.send("alice", "bob", "héllo", "c-7").ts();

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
    bus.send("alice", "bob", "first", null);
    bus.send("alice", "bob", "second", null);

    var page = bus.get("/_bus/journal?from=0").json();

    assertThat(page.get("entries")).hasSize(2);
    assertThat(page.get("entries").get(0).get("seq").asLong()).isEqualTo(1);
  }

  @Test
  void aChannellessSendIsJournaledOnDefaultAsNotGiven() {
    bus.send("alice", "bob", "x", null);

    MessageSent sent = (MessageSent) namespace.journal().entries().get(0);

    assertThat(sent.channel()).isEqualTo("default");
    assertThat(sent.channelGiven()).isFalse();
  }

  @Test
  void aPollIsJournaledWithWhatItAskedAndWhatItReturned() {
    BigDecimal ts = bus.send("alice", "bob", "x", "c").ts();
    bus.get(recvQuery("bob", "c", BigDecimal.ONE, false, 5));

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
    bus.get(recvQuery("bob", null, null, null, null));

    PollAnswered poll = (PollAnswered) namespace.journal().entries().get(0);

    assertThat(poll.channel()).isNull();
    assertThat(poll.readsChannel()).isNull();
  }

  @Test
  void theHttpJournalAgreesWithTheInProcessJournal() throws Exception {
    bus.send("alice", "bob", "one", "c");
    bus.get(recvQuery("bob", "c", null, null, null));
    bus.postRaw("/send", "[]".getBytes());

    JournalPage page = ProtocolJson.read(bus.get("/_bus/journal").text(), JournalPage.class);

    assertThat(page.entries()).isEqualTo(namespace.journal().entries());
    assertThat(page.nextSeq()).isEqualTo(4);
    assertThat(page.dropped()).isZero();
  }

  @Test
  void readingTheJournalIsNotItselfJournaled() {
    bus.get("/_bus/journal");
    bus.get("/_bus/transcript");
    bus.get("/_bus/nothing-here");

    assertThat(namespace.journal().entries()).isEmpty();
  }

  @Test
  void theJournalFromASequenceNumberSkipsWhatCameBefore() {
    bus.send("alice", "bob", "one", null);
    bus.send("alice", "bob", "two", null);

    JsonNode entries = bus.get("/_bus/journal?from=2").json().get("entries");

    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("msg").asText()).isEqualTo("two");
  }

  @Test
  void aBlockingJournalReadWakesOnTheNextEntry() throws Exception {
    CompletableFuture<Reply> waiting = bus.getAsync("/_bus/journal?from=1&block=true");
    assertThat(((LiveJournal) namespace.journal()).awaitWaitingReaders(1, Duration.ofSeconds(20)))
        .isTrue();

    bus.send("alice", "bob", "wake the journal", null);

    JsonNode entries = waiting.join().json().get("entries");
    assertThat(entries.get(0).get("msg").asText()).isEqualTo("wake the journal");
  }

  @Test
  void aBlockingJournalReadIsAnsweredWhenTheBusStops() throws Exception {
    CompletableFuture<Reply> waiting = bus.getAsync("/_bus/journal?from=1&block=true");
    assertThat(((LiveJournal) namespace.journal()).awaitWaitingReaders(1, Duration.ofSeconds(20)))
        .isTrue();

    server.close();

    Reply reply = waiting.join();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("entries")).isEmpty();
  }

  @Test
  void aBlockingJournalReadAnswersEmptyAfterItsTimeout() {
    Reply reply = bus.get("/_bus/journal?from=1&block=true&timeout=1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("entries")).isEmpty();
    assertThat(reply.json().get("nextSeq").asLong()).isEqualTo(1);
  }

  @Test
  void eachNamespaceHasAJournalOfItsOwn() {
    bus.send("alice", "bob", "in j", null);
    new BusHttp(server.url()).send("alice", "bob", "at the root", null);

    assertThat(bus.get("/_bus/journal").json().get("entries")).hasSize(1);
    assertThat(server.journal().entries()).hasSize(1);
    assertThat(((MessageSent) server.journal().entries().get(0)).msg()).isEqualTo("at the root");
  }

  @Test
  void droppingANamespaceForgetsItsMessagesAndJournal() {
    bus.send("alice", "bob", "forget me", null);

    Reply dropped = bus.method("DELETE", "/_bus/namespace");

    assertThat(dropped.status()).isEqualTo(200);
    assertThat(dropped.json().get("dropped").asBoolean()).isTrue();
    assertThat(bus.get(recvQuery("bob", null, null, null, null)).json().get("messages")).isEmpty();
    // The poll just made created the namespace anew, with only that poll in its journal.
    assertThat(namespace.journal().entries()).hasSize(1);
  }

  @Test
  void droppingANamespaceThatDoesNotExistIsNotFound() {
    Reply reply =
        new BusHttp(server.namespaceUrl("never-used")).method("DELETE", "/_bus/namespace");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).startsWith("there is no namespace 'never-used' to drop");
    assertThat(server.namespace("never-used")).isEmpty();
  }

  @Test
  void theRootNamespaceCannotBeDropped() {
    Reply reply = new BusHttp(server.url()).method("DELETE", "/_bus/namespace");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error())
        .contains("root namespace is always there and cannot be created or dropped");
  }

  @Test
  void theTranscriptIsServedAsPlainText() {
    bus.send("alice", "bob", "ping", "c-7");

    Reply reply = bus.get("/_bus/transcript");

    assertThat(reply.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(reply.text()).startsWith("agent-bus traffic (namespace j").contains("alice -> bob");
  }

  @Test
  void theTrafficReportIsServedAsJson() {
    bus.send("alice", "bob", "ping", "c-7");

    JsonNode message = bus.get("/_bus/traffic").json().get("messages").get(0);

    assertThat(message.get("status").asText()).isEqualTo("NEVER_POLLED");
    assertThat(message.get("diagnosis").asText()).endsWith("bob never polled");
  }

  @Test
  void theTranscriptOverHttpCountsAPollParkedOnAnotherChannelWhileItWaits() {
    bus.getAsync(recvQuery("planner", "c-7", null, true, null));
    assertThat(bus.get("/_bus/polls?to=planner&channel=c-7&timeout=20").json().get("reached"))
        .isEqualTo(com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
    bus.send("alice", "planner", "plan?", null);

    String transcript = bus.get("/_bus/transcript").text();

    assertThat(transcript)
        .contains("NOT DELIVERED: planner only polled channel c-7 and is parked there now, since ")
        .contains("now  planner is polling channel c-7, parked since ")
        .doesNotContain("never polled");
  }

  @Test
  void theTrafficReportOverHttpCarriesTheParkedPollsItCounted() {
    bus.getAsync(recvQuery("planner", "c-7", null, true, null));
    assertThat(bus.get("/_bus/polls?to=planner&channel=c-7&timeout=20").json().get("reached"))
        .isEqualTo(com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
    bus.send("alice", "planner", "plan?", null);

    JsonNode page = bus.get("/_bus/traffic").json();

    JsonNode message = page.get("messages").get(0);
    assertThat(message.get("status").asText()).isEqualTo("CHANNEL_MISMATCH");
    assertThat(message.get("parkedNow").get(0).get("to").asText()).isEqualTo("planner");
    assertThat(page.get("parked").get("polls").get(0).get("readsChannel").asText())
        .isEqualTo("c-7");
    assertThat(page.get("parked").get("leftOut").asInt()).isZero();
  }

  @Test
  void parkedPollsOverHttpWaitForThePollThatParksNext() {
    long version = bus.get("/_bus/parked").json().get("version").asLong();
    CompletableFuture<Reply> next = bus.getAsync("/_bus/parked?after=" + version + "&timeout=20");

    bus.getAsync(recvQuery("bob", null, null, true, null));

    JsonNode parked = next.join().json();
    assertThat(parked.get("version").asLong()).isNotEqualTo(version);
    JsonNode poll = parked.get("polls").get(0);
    assertThat(poll.get("to").asText()).isEqualTo("bob");
    assertThat(poll.get("channel").isNull()).isTrue();
    assertThat(poll.get("readsChannel").isNull()).isTrue();
    assertThat(poll.get("count").asInt()).isEqualTo(1);
  }
}
