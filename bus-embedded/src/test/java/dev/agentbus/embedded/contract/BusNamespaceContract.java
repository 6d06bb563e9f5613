package dev.agentbus.embedded.contract;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalSubscription;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.options.BusInfo;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceConflictException;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a {@link BusNamespace} promises, whichever side of the wire its bus is on. Subclasses run
 * the same assertions against a bus in this JVM and against the same bus reached over HTTP.
 */
abstract class BusNamespaceContract {

  static final Duration WAIT = Duration.ofSeconds(20);

  static final int BUSY_JOURNAL_LIMIT = 8;
  static final int BUSY_SENDS = 500;

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();
  private BusConnection connection;

  /** The connection under test, to {@code server}. */
  abstract BusConnection connect(AgentBusServer server);

  @BeforeEach
  void connect() {
    connection = connect(bus.server());
  }

  private static BusHttp agent(BusNamespace namespace) {
    return new BusHttp(namespace.url());
  }

  @Test
  void aCreatedNamespaceHasItsIdUrlAndOptions() {
    NamespaceOptions options =
        NamespaceOptions.builder()
            .channellessRecv(ChannellessRecv.DEFAULT)
            .maxQueue(50)
            .recvTimeout(Duration.ofSeconds(5))
            .build();

    BusNamespace namespace = connection.createNamespace("t-1", options);

    assertThat(namespace.id()).isEqualTo("t-1");
    assertThat(namespace.url()).isEqualTo(bus.server().namespaceUrl("t-1"));
    assertThat(namespace.options()).isEqualTo(options);
    assertThat(bus.server().namespace("t-1").orElseThrow().options()).isEqualTo(options);
  }

  @Test
  void creatingANamespaceAgainWithTheSameOptionsReturnsTheSameNamespace() {
    BusNamespace first = connection.createNamespace("t-1", NamespaceOptions.defaults());
    agent(first).send("alice", "bob", "kept", "c");

    BusNamespace again = connection.createNamespace("t-1", NamespaceOptions.defaults());

    assertThat(again.journal().entries()).hasSize(1);
  }

  @Test
  void creatingANamespaceThatExistsWithOtherOptionsIsAConflictNamingThem() {
    connection.createNamespace("t-1", NamespaceOptions.defaults());

    assertThatThrownBy(
            () -> connection.createNamespace("t-1", NamespaceOptions.builder().maxQueue(5).build()))
        .isInstanceOf(NamespaceConflictException.class)
        .hasMessageContaining("namespace 't-1' already exists with other options")
        .hasMessageContaining("maxQueue=1000");
  }

  @Test
  void lookingUpANamespaceNeverCreatesIt() {
    Optional<BusNamespace> missing = connection.namespace("never-used");

    assertThat(missing).isEmpty();
    assertThat(bus.server().namespace("never-used")).isEmpty();
  }

  @Test
  void aNamespaceThatAProtocolRequestCreatedCanBeLookedUpWithTheDefaults() {
    bus.http("ad-hoc").send("alice", "bob", "hi", null);

    BusNamespace found = connection.namespace("ad-hoc").orElseThrow();

    assertThat(found.options()).isEqualTo(NamespaceOptions.defaults());
    assertThat(found.journal().entries()).hasSize(1);
  }

  @Test
  void theJournalHoldsOnlyItsOwnNamespacesTraffic() {
    BusNamespace mine = connection.createNamespace("mine", NamespaceOptions.defaults());
    BusNamespace theirs = connection.createNamespace("theirs", NamespaceOptions.defaults());
    agent(mine).send("alice", "bob", "for me", "c");
    agent(theirs).send("alice", "bob", "for them", "c");
    agent(bus.server().root()).send("alice", "bob", "at the root", "c");

    List<JournalEntry> entries = mine.journal().entries();

    assertThat(entries).hasSize(1);
    assertThat(((MessageSent) entries.get(0)).msg()).isEqualTo("for me");
  }

  @Test
  void awaitingAnEntryWakesWhenAMatchingOneIsAppended() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    agent(namespace).send("alice", "bob", "not this one", "c");
    CompletableFuture<Optional<MessageSent>> awaited =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return namespace
                    .journal()
                    .awaitEntry(1, MessageSent.class, m -> m.msg().equals("this one"), WAIT);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    agent(namespace).send("alice", "bob", "this one", "c");

    assertThat(awaited.get(30, TimeUnit.SECONDS))
        .hasValueSatisfying(m -> assertThat(m.seq()).isEqualTo(2));
  }

  @Test
  void awaitingAnEntryThatNeverComesGivesUpAtItsTimeout() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());

    Optional<MessageSent> none =
        namespace.journal().awaitEntry(1, MessageSent.class, m -> true, Duration.ofMillis(200));

    assertThat(none).isEmpty();
  }

  @Test
  void aListenerGetsEveryEntryFromItsSequenceNumberInOrder() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    agent(namespace).send("alice", "bob", "one", "c");
    List<Long> seen = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);

    try (JournalSubscription subscription =
        namespace
            .journal()
            .listen(
                1,
                entry -> {
                  seen.add(entry.seq());
                  three.countDown();
                })) {
      agent(namespace).send("alice", "bob", "two", "c");
      agent(namespace).send("alice", "bob", "three", "c");

      assertThat(three.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(subscription.failure()).isEmpty();
    }
    assertThat(seen).containsExactly(1L, 2L, 3L);
  }

  @Test
  void awaitPollingSeesAnAgentParkedOnItsChannel() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    CompletableFuture<Reply> poll =
        agent(namespace).getAsync(recvQuery("bob", "c-7", null, true, null));

    assertThat(namespace.awaitPolling("bob", "c-7", WAIT)).isTrue();

    agent(namespace).send("alice", "bob", "wake up", "c-7");
    assertThat(poll.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void awaitPollingIgnoresThePollsOfOtherNamespacesAgentsAndChannels() throws Exception {
    BusNamespace mine = connection.createNamespace("mine", NamespaceOptions.defaults());
    BusNamespace theirs = connection.createNamespace("theirs", NamespaceOptions.defaults());
    agent(theirs).getAsync(recvQuery("bob", "c-7", null, true, null));
    agent(mine).getAsync(recvQuery("carol", "c-7", null, true, null));
    agent(mine).getAsync(recvQuery("bob", "other", null, true, null));
    assertThat(bus.server().awaitParkedPolls(3, WAIT)).isTrue();

    assertThat(mine.awaitPolling("bob", "c-7", Duration.ofMillis(300))).isFalse();
    assertThat(mine.awaitParkedPolls(3, Duration.ofMillis(300))).isFalse();
    assertThat(mine.awaitParkedPolls(2, WAIT)).isTrue();
    assertThat(mine.parkedPolls()).isEqualTo(2);
  }

  @Test
  void aChannellessPollCountsAsPollingTheChannelsItsModeReads() throws Exception {
    BusNamespace all = connection.createNamespace("all", NamespaceOptions.defaults());
    BusNamespace reference =
        connection.createNamespace(
            "reference",
            NamespaceOptions.builder().channellessRecv(ChannellessRecv.DEFAULT).build());
    agent(all).getAsync(recvQuery("bob", null, null, true, null));
    agent(reference).getAsync(recvQuery("bob", null, null, true, null));

    assertThat(all.awaitPolling("bob", "c-7", WAIT)).isTrue();
    assertThat(reference.awaitPolling("bob", "default", WAIT)).isTrue();
    assertThat(reference.awaitPolling("bob", "c-7", Duration.ofMillis(300))).isFalse();
  }

  @Test
  void aMessageToARecipientParkedOnAnotherChannelIsAChannelMismatchWhileItWaits() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    agent(namespace).getAsync(recvQuery("planner", "c-7", null, true, null));
    assertThat(namespace.awaitPolling("planner", "c-7", WAIT)).isTrue();
    agent(namespace).send("alice", "planner", "plan?", null);

    MessageOutcome outcome = namespace.traffic().messages().get(0);

    assertThat(outcome.status()).isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
    assertThat(outcome.channelsPolled()).containsExactly("c-7");
    assertThat(outcome.parkedNow())
        .singleElement()
        .satisfies(
            poll -> {
              assertThat(poll.to()).isEqualTo("planner");
              assertThat(poll.readsChannel()).isEqualTo("c-7");
              assertThat(poll.at()).isLessThan(outcome.message().ts());
            });
    assertThat(outcome.diagnosis())
        .startsWith(
            "alice -> planner \"plan?\" (channel default, none given) was never delivered: planner"
                + " only polled channel c-7 and is parked there now, since ")
        .endsWith(" ms before it was sent");
  }

  @Test
  void aTranscriptShowsWhoIsParkedWhereWhileTheyWait() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    agent(namespace).getAsync(recvQuery("planner", "c-7", null, true, null));
    assertThat(namespace.awaitPolling("planner", "c-7", WAIT)).isTrue();
    agent(namespace).send("alice", "planner", "plan?", null);

    String transcript = namespace.transcript();

    assertThat(transcript)
        .contains("NOT DELIVERED: planner only polled channel c-7 and is parked there now")
        .contains("now  planner is polling channel c-7, parked since +0.000s")
        .doesNotContain("never polled");
  }

  @Test
  void aMessageBehindTheCursorOfARecipientParkedOnItsChannelIsSkippedNotNeverPolled()
      throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    Reply sent = agent(namespace).send("alice", "bob", "too early", "c");
    // bob starts listening after the message, from the clock: the public clients' first cursor
    agent(namespace).getAsync(recvQuery("bob", "c", sent.ts().add(BigDecimal.ONE), true, null));
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

    MessageOutcome outcome = namespace.traffic().messages().get(0);

    assertThat(outcome.status()).isEqualTo(DeliveryStatus.SKIPPED_BY_CURSOR);
    assertThat(outcome.parkedNow())
        .singleElement()
        .satisfies(p -> assertThat(p.to()).isEqualTo("bob"));
    assertThat(outcome.diagnosis())
        .contains("bob polled its channel only with since at or past its ts")
        .contains("and is parked on its channel now, since ");
  }

  @Test
  void theParkedPollsListTheirRecipientChannelAndSince() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    agent(namespace).getAsync(recvQuery("planner", "c-7", new BigDecimal("12.5"), true, null));
    assertThat(namespace.awaitPolling("planner", "c-7", WAIT)).isTrue();

    ParkedPolls parked = namespace.parkedNow();

    assertThat(parked.polls())
        .singleElement()
        .satisfies(
            poll -> {
              assertThat(poll.to()).isEqualTo("planner");
              assertThat(poll.channel()).isEqualTo("c-7");
              assertThat(poll.readsChannel()).isEqualTo("c-7");
              assertThat(poll.since()).isEqualByComparingTo("12.5");
              assertThat(poll.count()).isEqualTo(1);
            });
    assertThat(parked.leftOut()).isZero();
    assertThat(namespace.traffic().parked().polls()).hasSize(1);
  }

  @Test
  void awaitingAParkedChangeWakesWhenAPollParks() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    ParkedPolls before = namespace.parkedNow();
    CompletableFuture<ParkedPolls> changed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return namespace.awaitParkedChange(before.version(), WAIT);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    agent(namespace).getAsync(recvQuery("bob", "c-7", null, true, null));

    ParkedPolls after = changed.get(30, TimeUnit.SECONDS);
    assertThat(after.version()).isNotEqualTo(before.version());
    assertThat(after.polls()).singleElement().satisfies(p -> assertThat(p.to()).isEqualTo("bob"));
  }

  @Test
  void theTrafficOfANamespaceFollowsItsOwnChannellessMode() {
    BusNamespace reference =
        connection.createNamespace(
            "reference",
            NamespaceOptions.builder().channellessRecv(ChannellessRecv.DEFAULT).build());
    BusHttp agent = agent(reference);
    agent.send("bob", "alice", "ping", "c-7");
    agent.get(recvQuery("alice", null, null, false, null)); // reads only default here

    MessageOutcome outcome = reference.traffic().messages().get(0);

    assertThat(reference.traffic().channellessRecv()).isEqualTo(ChannellessRecv.DEFAULT);
    assertThat(outcome.status()).isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
    assertThat(reference.transcript()).contains("bob -> alice");
  }

  @Test
  void aReportMadeWhileMessagesArriveShowsOnlyMessagesItsCountsCount() {
    // Only sends are journaled here, message i as "m<i>": every message counted is either shown or
    // counted as dropped, and those shown are the newest.
    reportWhileSending(
        busyNamespace(),
        report -> {
          long sent = report.trafficCounts().sent();
          assertThat(report.droppedEntries() + report.messages().size())
              .as("entries shown and dropped by a report of %d sends", sent)
              .isEqualTo(sent);
          assertThat(report.messages())
              .extracting(outcome -> outcome.message().msg())
              .as("messages shown by a report of %d sends", sent)
              .containsExactlyElementsOf(
                  LongStream.range(sent - report.messages().size(), sent)
                      .mapToObj(i -> "m" + i)
                      .toList());
        });
  }

  /** A namespace whose journal holds few entries, so that sends make it give up its oldest. */
  BusNamespace busyNamespace() {
    return connection.createNamespace(
        "busy",
        NamespaceOptions.builder().journalLimit(BUSY_JOURNAL_LIMIT).maxQueue(BUSY_SENDS).build());
  }

  /**
   * Sends {@link #BUSY_SENDS} messages, "m0" on, from alice to bob on one channel, and checks
   * reports taken while they arrive.
   */
  void reportWhileSending(BusNamespace namespace, Consumer<TrafficReport> check) {
    BusHttp alice = agent(namespace);
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < BUSY_SENDS; i++) {
                alice.send("alice", "bob", "m" + i, "c");
              }
            });
    int reportsWhileSending = 0;
    try {
      while (!sending.isDone() && reportsWhileSending < 10 * BUSY_SENDS) {
        check.accept(namespace.traffic());
        reportsWhileSending++;
      }
    } finally {
      sending.join();
    }

    assertThat(reportsWhileSending).as("reports made while sending").isGreaterThan(10);
  }

  @Test
  void aNamespacesQueueBoundEvictsItsOldestMessage() {
    BusNamespace small =
        connection.createNamespace("small", NamespaceOptions.builder().maxQueue(2).build());
    for (int i = 0; i < 3; i++) {
      agent(small).send("alice", "bob", "m" + i, "c");
    }

    assertThat(small.journal().entries()).filteredOn(MessageEvicted.class::isInstance).hasSize(1);
    assertThat(small.traffic().messages().get(0).status()).isEqualTo(DeliveryStatus.EVICTED);
  }

  @Test
  void aNamespacesRecvTimeoutAnswersItsParkedPolls() {
    BusNamespace quick =
        connection.createNamespace(
            "quick", NamespaceOptions.builder().recvTimeout(Duration.ofMillis(200)).build());

    Reply reply = agent(quick).get(recvQuery("bob", "c", null, true, null));

    assertThat(reply.json().get("messages")).isEmpty();
    PollAnswered poll = (PollAnswered) quick.journal().entries().get(0);
    assertThat(poll.waitedMillis()).isBetween(150L, 10_000L);
  }

  @Test
  void aNamespacesFirewallEmulationRefusesNonBrowserAgentsThereOnly() {
    BusNamespace guarded =
        connection.createNamespace("guarded", NamespaceOptions.builder().waf(true).build());
    BusNamespace open = connection.createNamespace("open", NamespaceOptions.defaults());

    Reply refused =
        agent(guarded).withHeader("User-Agent", "Python-urllib/3.11").send("a", "b", "x", "c");
    Reply accepted =
        agent(open).withHeader("User-Agent", "Python-urllib/3.11").send("a", "b", "x", "c");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(guarded.traffic().rejected()).hasSize(1);
  }

  @Test
  void aNamespacesTokenGuardsItAndItsAdminPaths() {
    BusNamespace secret =
        connection.createNamespace("secret", NamespaceOptions.builder().token("s3").build());

    Reply without = agent(secret).send("a", "b", "x", "c");
    Reply with = agent(secret).withHeader("Authorization", "Bearer s3").send("a", "b", "x", "c");
    Reply journalWithout = new BusHttp(secret.url()).get("/_bus/journal");

    assertThat(without.status()).isEqualTo(401);
    assertThat(with.status()).isEqualTo(200);
    // read like a namespace that does not exist, so that an outsider cannot tell which ids do
    assertThat(journalWithout.status()).isEqualTo(404);
    assertThat(secret.journal().entries()).hasSize(1); // the handle has the token
  }

  @Test
  void theEnvironmentOfAnAgentPointsAtTheNamespace() {
    BusNamespace namespace =
        connection.createNamespace("t-1", NamespaceOptions.builder().token("s3").build());

    assertThat(namespace.environment("carol", "c-7"))
        .containsEntry("AGENT_BUS_URL", bus.server().namespaceUrl("t-1").toString())
        .containsEntry("AGENT_NAME", "carol")
        .containsEntry("AGENT_BUS_CHANNEL", "c-7")
        .containsEntry("AGENT_BUS_UA", "Mozilla/5.0")
        .containsEntry("AGENT_BUS_TOKEN", "s3");
    assertThat(namespace.environment("dave", null)).doesNotContainKey("AGENT_BUS_CHANNEL");
  }

  @Test
  void closingTheHandleDropsTheNamespaceAndAnswersItsParkedPolls() throws Exception {
    BusNamespace namespace = connection.createNamespace("t-1", NamespaceOptions.defaults());
    CompletableFuture<Reply> poll =
        agent(namespace).getAsync(recvQuery("bob", "c", null, true, null));
    assertThat(namespace.awaitParkedPolls(1, WAIT)).isTrue();

    namespace.close();

    assertThat(poll.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(connection.namespace("t-1")).isEmpty();
  }

  @Test
  void infoReportsTheVersionAndTheOptionsOfTheRootAndOfANamespace() {
    connection.createNamespace("t-1", NamespaceOptions.builder().maxQueue(7).build());

    BusInfo root = connection.info();

    assertThat(root.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(root.namespace()).isEmpty();
    assertThat(root.namespaces()).isEqualTo(1);
    assertThat(root.options()).isEqualTo(NamespaceOptions.defaults());
    assertThat(root.defaults()).isEqualTo(NamespaceOptions.defaults());
    assertThat(connection.namespace("t-1").orElseThrow().options().maxQueue()).isEqualTo(7);
  }
}
