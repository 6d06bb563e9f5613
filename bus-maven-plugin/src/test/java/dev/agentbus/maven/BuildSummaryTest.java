package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildSummaryTest {

  private final TrafficReport root = new Journals().report("");
  private final TrafficReport clean =
      new Journals()
          .sent("alice", "bob", "c-7", "hi")
          .polled("bob", "c-7")
          .sent("bob", "alice", "c-7", "hello")
          .polled("alice", "c-7")
          .report("t-1");
  private final TrafficReport broken =
      new Journals()
          .sent("alice", "bob", null, "ping")
          .polled("bob", "c-8")
          .rejected("POST", "/send", 403, "User-Agent must contain Mozilla/")
          .report("t-2");

  @Test
  void theHeadlineCountsMessagesNamespacesOutcomesAndRejections() {
    assertThat(BuildSummary.headline(List.of(root, clean, broken)))
        .isEqualTo(
            "3 messages in 3 namespaces: 2 delivered, 0 not yet, 1 lost (channel mismatch 1);"
                + " 1 request rejected");
  }

  @Test
  void theHeadlineCountsExactlyWhereTheJournalGaveUpTheEntries() {
    assertThat(BuildSummary.headline(List.of(Journals.flooded())))
        .isEqualTo(
            "10 messages in 1 namespace: 7 delivered, 0 not yet, 3 lost (evicted 3); 3000 requests"
                + " rejected");
  }

  @Test
  void thePageListsEvictionsKnownOnlyByIdentity() {
    assertThat(BuildSummary.render(List.of(Journals.flooded())))
        .contains("[flood] alice -> bob-0 (channel c, ts 1795617600.1; its send is no longer in")
        .contains("[flood] 2 older messages were evicted before any poll returned them")
        .contains("[flood] 3000 more refused requests counted but not journaled (by status: 401:");
  }

  @Test
  void theHeadlineOfQuietTrafficSaysSo() {
    assertThat(BuildSummary.headline(List.of(root)))
        .isEqualTo(
            "0 messages in 1 namespace: 0 delivered, 0 not yet, 0 lost; 0 requests rejected");
  }

  @Test
  void thePageHasOneRowPerNamespaceWithItsCounts() {
    String page = BuildSummary.render(List.of(root, clean, broken));

    assertThat(page.lines())
        .contains(
            "namespace  messages  delivered  not yet  lost  rejected",
            "(root)            0          0        0     0         0",
            "t-1               2          2        0     0         0",
            "t-2               1          0        0     1         1");
  }

  @Test
  void thePageListsEachLostMessageAndRejectionWithItsDiagnosis() {
    String page = BuildSummary.render(List.of(root, clean, broken));

    assertThat(page)
        .contains(
            "Not delivered (1):\n"
                + "  [t-2] alice -> bob \"ping\" (channel default, none given) was never"
                + " delivered: bob only polled channel c-8\n")
        .contains(
            "Rejected requests (1):\n"
                + "  [t-2] POST /send 403: User-Agent must contain Mozilla/\n");
  }

  @Test
  void cleanTrafficHasNoProblemSections() {
    assertThat(BuildSummary.render(List.of(root, clean)))
        .doesNotContain("Not delivered")
        .doesNotContain("Rejected requests");
  }

  @Test
  void aLongListIsCutAndPointsToTheTranscript() {
    Journals journals = new Journals();
    for (int i = 0; i < BuildSummary.MAX_LISTED + 3; i++) {
      journals.sent("alice", "bob", "c-1", "m" + i);
    }

    String page = BuildSummary.render(List.of(journals.report("t-3")));

    assertThat(page.lines().filter(l -> l.startsWith("  [t-3] "))).hasSize(BuildSummary.MAX_LISTED);
    assertThat(page).contains("  ... and 3 more in transcript.txt\n");
  }
}
