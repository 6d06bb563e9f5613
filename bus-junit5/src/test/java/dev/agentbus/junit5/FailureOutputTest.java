package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentbus.client.AgentBusClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Where a failed test's transcript is shown: once, in the failure message when the failure carries
 * it, and on standard output when it does not. Runs the tests through JUnit's launcher with its
 * output capture on, which hands each test's standard output back as a report entry.
 */
class FailureOutputTest {

  private static final String TRANSCRIPT_HEADER = "agent-bus traffic (namespace ";

  @Test
  void aFailedTrafficAssertionShowsTheTranscriptInItsMessageAndDoesNotPrintIt(
      @TempDir Path reports) {
    Run run = run(FailsATrafficAssertion.class, reports);

    assertThat(run.failures())
        .singleElement()
        .satisfies(
            message ->
                assertThat(message)
                    .startsWith("Expected a message from bob to alice to have been sent")
                    .containsOnlyOnce(TRANSCRIPT_HEADER)
                    .contains("alice -> bob"));
    assertThat(run.stdout())
        .contains("$FailsATrafficAssertion > test(AgentBusClient, Traffic) failed; its failure")
        .contains(".transcript.txt")
        .doesNotContain(TRANSCRIPT_HEADER);
  }

  @Test
  void aTestThatFailedOnSomethingElsePrintsTheTranscriptOnce(@TempDir Path reports) {
    Run run = run(FailsOnItsOwnAssertion.class, reports);

    assertThat(run.failures()).containsExactly("bob did not answer");
    assertThat(run.stdout())
        .contains("$FailsOnItsOwnAssertion > test(AgentBusClient) failed; its traffic:\n")
        .containsOnlyOnce(TRANSCRIPT_HEADER);
  }

  @Test
  void aStrictFailureShowsTheTranscriptInItsMessageAndDoesNotPrintIt(@TempDir Path reports) {
    Run run = run(LeavesAMessageUndeliveredUnderStrict.class, reports);

    assertThat(run.failures())
        .singleElement()
        .satisfies(
            message ->
                assertThat(message)
                    .startsWith("@WithAgentBus(strict = true) fails a test")
                    .containsOnlyOnce(TRANSCRIPT_HEADER));
    assertThat(run.stdout())
        .contains(
            "$LeavesAMessageUndeliveredUnderStrict > test(AgentBusClient) failed; its failure")
        .doesNotContain(TRANSCRIPT_HEADER);
  }

  @Test
  void aFailedTrafficAssertionAmongSoftAssertionsShowsTheTranscriptOnlyInTheFailure(
      @TempDir Path reports) {
    Run run = run(FailsATrafficAssertionSoftly.class, reports);

    assertThat(run.failures()).singleElement().asString().containsOnlyOnce(TRANSCRIPT_HEADER);
    assertThat(run.stdout()).doesNotContain(TRANSCRIPT_HEADER);
    assertThat(run.reported()).doesNotContain(TRANSCRIPT_HEADER);
  }

  @Test
  void aTranscriptShownInTheFailureIsNotPublishedAgainAsAReportEntry(@TempDir Path reports) {
    Run run = run(FailsATrafficAssertion.class, reports);

    assertThat(run.reported()).doesNotContain(TRANSCRIPT_HEADER).contains(".transcript.txt");
  }

  @Test
  void aTranscriptNotInTheFailureIsPublishedAsAReportEntry(@TempDir Path reports) {
    Run run = run(FailsOnItsOwnAssertion.class, reports);

    assertThat(run.reported()).containsOnlyOnce(TRANSCRIPT_HEADER);
  }

  /**
   * What a launcher run of one test class printed, published as report entries other than its
   * output, and failed with.
   */
  private record Run(String stdout, String reported, List<String> failures) {}

  private static Run run(Class<?> testClass, Path reports) {
    StringBuilder stdout = new StringBuilder();
    StringBuilder reported = new StringBuilder();
    List<String> failures = new ArrayList<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            entry
                .getKeyValuePairs()
                .forEach((key, value) -> (key.equals("stdout") ? stdout : reported).append(value));
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
              failures.add(result.getThrowable().orElseThrow().getMessage());
            }
          }
        };
    LauncherFactory.create(
            LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameters(
                    Map.of(
                        "junit.platform.output.capture.stdout",
                        "true",
                        AgentBusExtension.REPORTS_PARAMETER,
                        reports.toString()))
                .build(),
            listener);
    return new Run(stdout.toString(), reported.toString(), failures);
  }

  @WithAgentBus
  static class FailsATrafficAssertion {
    @Test
    void test(@Agent("alice") AgentBusClient alice, Traffic traffic) {
      alice.send("bob", "are you there?");
      traffic.assertThat(Sent.by("bob").to("alice")).wasSent();
    }
  }

  @WithAgentBus
  static class FailsATrafficAssertionSoftly {
    @Test
    void test(@Agent("alice") AgentBusClient alice, Traffic traffic) {
      alice.send("bob", "are you there?");
      SoftAssertions.assertSoftly(
          softly -> softly.check(() -> traffic.assertThat(Sent.by("bob").to("alice")).wasSent()));
    }
  }

  @WithAgentBus
  static class FailsOnItsOwnAssertion {
    @Test
    void test(@Agent("alice") AgentBusClient alice) {
      alice.send("bob", "are you there?");
      throw new AssertionError("bob did not answer");
    }
  }

  @WithAgentBus(strict = true)
  static class LeavesAMessageUndeliveredUnderStrict {
    @Test
    void test(@Agent("alice") AgentBusClient alice) {
      alice.send("bob", "are you there?");
    }
  }
}
