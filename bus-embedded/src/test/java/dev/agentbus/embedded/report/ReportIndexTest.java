package dev.agentbus.embedded.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The build's index page. */
class ReportIndexTest {

  @Test
  void failuresAreListedFirstEachLinkingToItsPage() {
    var index =
        new ReportIndex(
            "agent-bus traffic",
            List.of(
                new ReportIndex.Entry("a-ok", "a-ok.html", 2, 2, 0, 0, 0, false),
                new ReportIndex.Entry("z-lost", "z-lost.html", 2, 1, 0, 1, 0, false),
                new ReportIndex.Entry("m-failed", "m-failed.html", 1, 1, 0, 0, 0, true)));

    String html = index.html();

    assertThat(index.ordered())
        .extracting(ReportIndex.Entry::namespace)
        .containsExactly("m-failed", "z-lost", "a-ok");
    assertThat(html.indexOf("href=\"m-failed.html\""))
        .isLessThan(html.indexOf("href=\"z-lost.html\""));
    assertThat(html.indexOf("href=\"z-lost.html\"")).isLessThan(html.indexOf("href=\"a-ok.html\""));
    assertThat(html).contains("3 namespaces, 2 with failures");
  }

  @Test
  void namesAndLinksAreEscaped() {
    String html =
        new ReportIndex(
                "<t>", List.of(new ReportIndex.Entry("<x>", "\"><script>", 0, 0, 0, 0, 0, false)))
            .html();

    assertThat(html).doesNotContain("<x>", "\"><script>", "<t>").contains("&lt;x&gt;");
    assertThat(html).contains("script-src 'none'");
  }
}
