package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalFiles;
import dev.agentbus.embedded.journal.MessageSent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The extension's lifecycle, observed from outside through the JUnit engine. */
class ExtensionLifecycleTest {

  @Test
  void oneBusServesEveryClassOfARunAndStopsWhenTheRunEnds() {
    EngineExecutionResults results =
        EngineRuns.run(List.of(PublishesItsBus.class, AlsoPublishesItsBus.class), Map.of());

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    List<URI> urls = EngineRuns.reported(results, "url").stream().map(URI::create).toList();
    assertThat(urls).hasSize(2).extracting(URI::getPort).containsOnly(urls.get(0).getPort());
    assertThat(urls).extracting(URI::getHost).containsOnly("127.0.0.1");
    assertThat(urls).doesNotHaveDuplicates();
    assertThat(accepts(urls.get(0))).as("the bus still listens after the run").isFalse();
  }

  @Test
  void everyTestGetsItsOwnNamespaceAndChannelAlsoRepeatedAndParameterizedOnes() {
    EngineExecutionResults results = EngineRuns.run(RepeatsAndParameters.class);

    results.testEvents().assertStatistics(s -> s.succeeded(5).failed(0));
    assertThat(EngineRuns.reported(results, "namespace")).hasSize(5).doesNotHaveDuplicates();
    assertThat(EngineRuns.reported(results, "channel"))
        .hasSize(5)
        .doesNotHaveDuplicates()
        .allMatch(
            channel -> channel.startsWith("repeated-") || channel.startsWith("parameterized-"));
  }

  @Test
  void aPrivateBusPerMethodIsStartedForEachTestAndStoppedAfterIt() {
    EngineExecutionResults results = EngineRuns.run(PrivateBusPerMethod.class);

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    List<URI> urls = EngineRuns.reported(results, "url").stream().map(URI::create).toList();
    assertThat(urls).extracting(URI::getPort).doesNotHaveDuplicates();
    assertThat(urls).noneMatch(ExtensionLifecycleTest::accepts);
  }

  @Test
  void aPrivateBusPerClassServesItsTestsButNotTheRestOfTheRun() {
    EngineExecutionResults results =
        EngineRuns.run(List.of(PrivateBusPerClass.class, PublishesItsBus.class), Map.of());

    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    List<Integer> ports =
        EngineRuns.reported(results, "url").stream().map(u -> URI.create(u).getPort()).toList();
    assertThat(ports.get(0)).isEqualTo(ports.get(1)).isNotEqualTo(ports.get(2));
  }

  @Test
  void aPrivateBusPerClassIsStoppedAfterTheClass() {
    EngineExecutionResults results = EngineRuns.run(PrivateBusPerClass.class);

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(urls(results)).hasSize(2).noneMatch(ExtensionLifecycleTest::accepts);
  }

  @Test
  void aNestedClassGetsAPrivateBusPerClassOfItsOwn() {
    EngineExecutionResults results = EngineRuns.run(PrivateBusPerClassWithNested.class);

    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    Map<String, Set<Integer>> portsByClass =
        EngineRuns.reportedEntries(results).stream()
            .collect(
                Collectors.groupingBy(
                    entry -> entry.get("class"),
                    Collectors.mapping(
                        entry -> URI.create(entry.get("url")).getPort(), Collectors.toSet())));
    assertThat(portsByClass)
        .containsOnlyKeys("PrivateBusPerClassWithNested", "Inside")
        .allSatisfy((testClass, ports) -> assertThat(ports).as(testClass).hasSize(1));
    assertThat(portsByClass.get("Inside"))
        .doesNotContainAnyElementsOf(portsByClass.get("PrivateBusPerClassWithNested"));
  }

  /**
   * JUnit 5.10 to 5.12 close only Store values that implement its old {@code CloseableResource};
   * 5.13 and later do the same when told not to close {@code AutoCloseable} ones, which reproduces
   * those versions on any JUnit.
   */
  @Test
  void everyBusStopsAlsoWhereJUnitClosesOnlyCloseableResources() {
    EngineExecutionResults results =
        EngineRuns.run(
            OneBusOfEachScope.class,
            Map.of("junit.jupiter.extensions.store.close.autocloseable.enabled", "false"));

    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    List<URI> urls = urls(results);
    assertThat(urls).extracting(URI::getPort).hasSize(3).doesNotHaveDuplicates();
    assertThat(urls).noneMatch(ExtensionLifecycleTest::accepts);
  }

  @Test
  void aFailedTestPublishesItsTranscriptAndKeepsItsJournalAndTranscriptAsFiles(
      @TempDir Path reports) throws IOException {
    EngineExecutionResults results =
        EngineRuns.run(FailsAfterSending.class, Map.of("agentbus.reports.dir", reports.toString()));

    results.testEvents().assertStatistics(s -> s.failed(1));
    String transcript = EngineRuns.reported(results, "agentbus.transcript").get(0);
    assertThat(transcript)
        .contains("alice -> bob")
        .contains("\"are you there?\"")
        .contains("NOT DELIVERED: bob never polled");
    Path folder = reports.resolve(FailsAfterSending.class.getName());
    String namespace = EngineRuns.reported(results, "namespace").get(0);
    assertThat(Files.readString(folder.resolve(namespace + ".transcript.txt")))
        .isEqualTo(transcript);
    List<JournalEntry> journal = JournalFiles.read(folder.resolve(namespace + ".journal.jsonl"));
    assertThat(journal)
        .singleElement()
        .isInstanceOfSatisfying(
            MessageSent.class, sent -> assertThat(sent.msg()).isEqualTo("are you there?"));
  }

  @Test
  void aFailedTestKeepsItsTrafficAsAnHtmlPageBesideItsTranscript(@TempDir Path reports)
      throws IOException {
    EngineExecutionResults results =
        EngineRuns.run(FailsAfterSending.class, Map.of("agentbus.reports.dir", reports.toString()));

    String namespace = EngineRuns.reported(results, "namespace").get(0);
    Path page = reports.resolve(FailsAfterSending.class.getName()).resolve(namespace + ".html");
    assertThat(EngineRuns.reported(results, "agentbus.report"))
        .containsExactly(page.toAbsolutePath().toString());
    assertThat(Files.readString(page))
        .startsWith("<!DOCTYPE html>")
        .contains("are you there?", "NEVER_POLLED");
  }

  @Test
  void withReportsAlwaysAPassingTestKeepsItsPageAndOnlyThat(@TempDir Path reports) {
    EngineExecutionResults results =
        EngineRuns.run(
            PublishesItsBus.class,
            Map.of("agentbus.reports.dir", reports.toString(), "agentbus.reports", "always"));

    results.testEvents().assertStatistics(s -> s.succeeded(1));
    String namespace = EngineRuns.reported(results, "namespace").get(0);
    Path folder = reports.resolve(PublishesItsBus.class.getName());
    assertThat(folder.resolve(namespace + ".html")).isRegularFile();
    assertThat(folder).isDirectoryNotContaining("glob:**.transcript.txt");
  }

  @Test
  void anUnknownReportsChoiceFailsTheTestNamingTheChoices(@TempDir Path reports) {
    EngineExecutionResults results =
        EngineRuns.run(
            PublishesItsBus.class,
            Map.of("agentbus.reports.dir", reports.toString(), "agentbus.reports", "sometimes"));

    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(EngineRuns.failureMessages(results).get(0))
        .isEqualTo(
            "agentbus.reports=sometimes is not a choice: it says which tests write their traffic"
                + " as an HTML page; set it to failures (the default) or always");
  }

  @Test
  void aBusyFailedTestsTranscriptSaysHowManyMessagesItSentAndHowManyItCanShow(
      @TempDir Path reports) {
    EngineExecutionResults results =
        EngineRuns.run(
            FailsAfterABusyTest.class, Map.of("agentbus.reports.dir", reports.toString()));

    results.testEvents().assertStatistics(s -> s.failed(1));
    String transcript = EngineRuns.reported(results, "agentbus.transcript").get(0);
    assertThat(transcript)
        .containsPattern(
            FailsAfterABusyTest.SENDS + " messages sent in all, the newest [0-9]+ of them shown")
        .containsPattern(
            FailsAfterABusyTest.SENDS
                + " messages \\([0-9]+ shown\\): "
                + FailsAfterABusyTest.SENDS
                + " delivered, 0 not yet, 0 lost");
  }

  @Test
  void aPassingTestLeavesNoFiles(@TempDir Path reports) {
    EngineRuns.run(PublishesItsBus.class, Map.of("agentbus.reports.dir", reports.toString()))
        .testEvents()
        .assertStatistics(s -> s.succeeded(1));

    assertThat(reports).isEmptyDirectory();
  }

  @Test
  void agentOnATypeWeDoNotInjectFailsNamingTheParameterAndTheFix() {
    assertThat(failureOf(AgentOnAString.class))
        .isEqualTo(
            "@Agent marks an AgentBusClient parameter, but parameter 0 of AgentOnAString.test() is"
                + " a java.lang.String: declare it as AgentBusClient, or take an AgentBus"
                + " parameter and call environment(\"alice\") for an agent process");
  }

  @Test
  void aClientWithoutAgentFailsNamingTheParameterAndTheFix() {
    assertThat(failureOf(ClientWithoutAgent.class))
        .isEqualTo(
            "parameter 0 of ClientWithoutAgent.test() is an AgentBusClient without @Agent:"
                + " annotate it, e.g. @Agent(\"alice\"), so that the bus knows which agent it is");
  }

  @Test
  void aChannelAndNoChannelTogetherFailNamingBoth() {
    assertThat(failureOf(ChannelAndNoChannel.class))
        .contains("sets both channel = \"side\" and noChannel = true: keep one");
  }

  @Test
  void aConstructorParameterFailsExplainingWhereAgentsCanBeInjected() {
    assertThat(failureOf(AgentInConstructor.class))
        .startsWith("@WithAgentBus cannot inject parameter 0 of AgentInConstructor.")
        .endsWith(
            "are test parameters (also of @BeforeEach and @AfterEach methods), not"
                + " constructor or @BeforeAll parameters");
  }

  @Test
  void anOptionOutOfBoundsFailsNamingTheAnnotationAndTheBound() {
    assertThat(failureOf(QueueOfZero.class))
        .startsWith("@WithAgentBus on ")
        .contains("QueueOfZero")
        .endsWith("is not valid: maxQueue must be a whole number from 1 to 2147483647, got '0'");
  }

  @Test
  void anAgentInATestWithoutWithAgentBusFailsSayingWhereToAddIt() {
    assertThat(failureOf(AgentWithoutWithAgentBus.class))
        .isEqualTo(
            "parameter 0 of AgentWithoutWithAgentBus.test() is an @Agent, but no @WithAgentBus"
                + " applies to the test: add @WithAgentBus to the test class or method (or to an"
                + " enclosing class), which starts the bus and injects the agents");
  }

  @Test
  void agentsAreInjectedUnderAnAnnotationOfOurOwnThatCarriesWithAgentBus() {
    EngineRuns.run(UnderAnAnnotationOfOurOwn.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void withAgentBusDirectlyAndThroughAnAnnotationOfOurOwnOnOneClassIsRefusedNamingBoth() {
    EngineExecutionResults results = EngineRuns.run(DirectlyAndThroughAnAnnotation.class);

    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(EngineRuns.failure(results.testEvents().failed().list().get(0)))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("DirectlyAndThroughAnAnnotation carries @WithAgentBus 2 times: ")
        .hasMessageContaining("@WithAgentBus directly")
        .hasMessageContaining("@" + BusOfOurOwn.class.getName() + ", which carries @WithAgentBus")
        .hasMessageContaining("keep one of them");
  }

  @Test
  void aSubclassMayReplaceItsSuperclassesWithAgentBusByAnAnnotationOfOurOwn() {
    EngineRuns.run(SubclassUnderAnAnnotationOfOurOwn.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void aBlankTokenIsRefusedNamingTheAttributeAndTheFix() {
    assertThat(failureOf(BlankToken.class))
        .startsWith("@WithAgentBus on ")
        .contains("BlankToken")
        .contains("is not valid: token has character U+0020 at position 1")
        .endsWith("leave it out to require none, or give a token of visible ASCII characters");
  }

  @Test
  void aTokenWithASpaceAtItsEndIsRefusedNamingThePosition() {
    assertThat(failureOf(PaddedToken.class))
        .startsWith("@WithAgentBus on ")
        .contains("is not valid: token has character U+0020 at position 7");
  }

  @Test
  void otherExtensionsKeepResolvingTheirOwnParameters() {
    EngineRuns.run(WithAnotherResolver.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void theSameAgentInBeforeEachAndInTheTestIsOneClient() {
    EngineRuns.run(AgentInBeforeEach.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void injectedClientsListenersStopWhenTheTestEnds() throws InterruptedException {
    EngineRuns.run(LeavesAListenerRunning.class).testEvents().assertStatistics(s -> s.succeeded(1));

    List<Thread> listeners =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("agent-bus-listener-" + LeavesAListenerRunning.AGENT))
            .toList();
    for (Thread listener : listeners) {
      listener.join(5_000);
      assertThat(listener.isAlive()).as("listener thread after its test").isFalse();
    }
  }

  private static String failureOf(Class<?> testClass) {
    EngineExecutionResults results = EngineRuns.run(testClass);
    results.testEvents().assertStatistics(s -> s.failed(1));
    return EngineRuns.failureMessages(results).get(0);
  }

  private static List<URI> urls(EngineExecutionResults results) {
    return EngineRuns.reported(results, "url").stream().map(URI::create).toList();
  }

  private static boolean accepts(URI url) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1_000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new AssertionError("unexpected failure probing " + url, e);
    }
  }

  private static void publish(TestReporter reporter, AgentBus bus) {
    reporter.publishEntry(
        Map.of(
            "url",
            bus.url().toString(),
            "namespace",
            bus.namespace().id(),
            "channel",
            bus.channel()));
  }

  @WithAgentBus
  static class PublishesItsBus {
    @Test
    void test(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }
  }

  @WithAgentBus
  static class AlsoPublishesItsBus {
    @Test
    void test(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }
  }

  @WithAgentBus
  static class RepeatsAndParameters {
    @RepeatedTest(3)
    void repeated(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "y"})
    void parameterized(String value, AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }
  }

  @WithAgentBus(scope = BusScope.METHOD)
  static class PrivateBusPerMethod {
    @Test
    void first(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }

    @Test
    void second(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }
  }

  @WithAgentBus(scope = BusScope.CLASS)
  @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
  static class PrivateBusPerClass {
    @Test
    void first(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }

    @Test
    void second(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }
  }

  @WithAgentBus(scope = BusScope.CLASS)
  static class PrivateBusPerClassWithNested {
    @Test
    void outer(AgentBus bus, TestReporter reporter) {
      reporter.publishEntry(
          Map.of("url", bus.url().toString(), "class", "PrivateBusPerClassWithNested"));
    }

    @Nested
    class Inside {
      @Test
      void first(AgentBus bus, TestReporter reporter) {
        reporter.publishEntry(Map.of("url", bus.url().toString(), "class", "Inside"));
      }

      @Test
      void second(AgentBus bus, TestReporter reporter) {
        reporter.publishEntry(Map.of("url", bus.url().toString(), "class", "Inside"));
      }
    }
  }

  static class OneBusOfEachScope {
    @Test
    @WithAgentBus
    void shared(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }

    @Test
    @WithAgentBus(scope = BusScope.CLASS)
    void perClass(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }

    @Test
    @WithAgentBus(scope = BusScope.METHOD)
    void perMethod(AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
    }
  }

  @WithAgentBus
  static class FailsAfterSending {
    @Test
    void test(@Agent("alice") AgentBusClient alice, AgentBus bus, TestReporter reporter) {
      publish(reporter, bus);
      alice.send("bob", "are you there?");
      throw new AssertionError("bob did not answer");
    }
  }

  @WithAgentBus(journalLimit = 50)
  static class FailsAfterABusyTest {
    static final int SENDS = 500;

    @Test
    void test(@Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob) {
      for (int i = 0; i < SENDS; i++) {
        alice.send("bob", "m" + i);
      }
      int read = 0;
      for (int polls = 0; polls < SENDS && read < SENDS; polls++) {
        read += bob.pollNow().size();
      }
      throw new AssertionError("bob read " + read + " messages and still failed");
    }
  }

  @WithAgentBus
  static class LeavesAListenerRunning {
    static final String AGENT = "lonely-listener";

    @Test
    void test(@Agent(AGENT) AgentBusClient lonely, Traffic traffic) {
      lonely.listen(message -> {});
      traffic.awaitPolling(AGENT);
    }
  }

  @WithAgentBus
  static class AgentOnAString {
    @Test
    void test(@Agent("alice") String alice) {}
  }

  @WithAgentBus
  static class ClientWithoutAgent {
    @Test
    void test(AgentBusClient alice) {}
  }

  @WithAgentBus
  static class ChannelAndNoChannel {
    @Test
    void test(@Agent(value = "alice", channel = "side", noChannel = true) AgentBusClient alice) {}
  }

  @WithAgentBus
  static class AgentInConstructor {
    AgentInConstructor(@Agent("alice") AgentBusClient alice) {}

    @Test
    void test() {}
  }

  static class AgentWithoutWithAgentBus {
    @Test
    void test(@Agent("alice") AgentBusClient alice) {}
  }

  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @WithAgentBus(maxQueue = 7)
  @interface BusOfOurOwn {}

  @BusOfOurOwn
  static class UnderAnAnnotationOfOurOwn {
    @Test
    void test(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, AgentBus bus) {
      alice.send("bob", "hi");
      assertThat(bob.pollNow()).hasSize(1);
      assertThat(bus.namespace().options().maxQueue()).isEqualTo(7);
    }
  }

  @BusOfOurOwn
  @WithAgentBus(waf = true)
  static class DirectlyAndThroughAnAnnotation {
    @Test
    void test(AgentBus bus) {}
  }

  @WithAgentBus(maxQueue = 3)
  static class WithItsOwnOptions {}

  @BusOfOurOwn
  static class SubclassUnderAnAnnotationOfOurOwn extends WithItsOwnOptions {
    @Test
    void test(AgentBus bus) {
      assertThat(bus.namespace().options().maxQueue()).isEqualTo(7);
    }
  }

  @WithAgentBus(token = "s3cret ")
  static class PaddedToken {
    @Test
    void test(AgentBus bus) {}
  }

  @WithAgentBus(token = " ")
  static class BlankToken {
    @Test
    void test(AgentBus bus) {}
  }

  @WithAgentBus(maxQueue = 0)
  static class QueueOfZero {
    @Test
    void test(AgentBus bus) {}
  }

  /** Resolves {@code String} parameters, as many extensions do with their own types. */
  static class GreetingResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return "hello";
    }
  }

  @WithAgentBus
  @ExtendWith(GreetingResolver.class)
  static class WithAnotherResolver {
    @Test
    void test(
        String greeting, TestInfo info, @Agent("alice") AgentBusClient alice, Traffic traffic) {
      alice.send("bob", greeting + " from " + info.getDisplayName());
      traffic.assertThat(Sent.by("alice").containing("hello from test(")).wasSent();
    }
  }

  @WithAgentBus
  static class AgentInBeforeEach {
    private AgentBusClient fromBeforeEach;

    @org.junit.jupiter.api.BeforeEach
    void setUp(@Agent("alice") AgentBusClient alice) {
      fromBeforeEach = alice;
    }

    @Test
    void test(@Agent("alice") AgentBusClient alice) {
      assertThat(alice).isSameAs(fromBeforeEach);
    }
  }
}
