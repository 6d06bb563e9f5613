package dev.agentbus.embedded.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test or the README that sends its reader to a Markdown file sends them to one that exists: each
 * citation is a path from the repository's root.
 */
class CitedDocumentsTest {

  /** The tests run in the module's folder; the repository is its parent. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** A name ending in .md that is not the tail of a longer path, a version or a host name. */
  private static final Pattern CITATION =
      Pattern.compile("(?<![\\w./-])([A-Za-z/_-]+\\.md)(?![\\w-])");

  /** The whitespace-separated word around a citation, to tell a URL from a path. */
  private static final Pattern WORD = Pattern.compile("\\S+");

  record Citation(Path file, int line, String cited) {}

  @Test
  void everyMarkdownFileThatATestOrTheReadmeCitesExistsFromTheRepositoryRoot() throws IOException {
    assertThat(ROOT.resolve("mvnw")).as("the repository root").exists();
    List<Citation> citations = new ArrayList<>();
    for (Path file : citingFiles()) {
      // Leniently decoded: a stray byte in a resource is no reason to stop looking.
      String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        for (String cited : citations(lines[i])) {
          citations.add(new Citation(ROOT.relativize(file), i + 1, cited));
        }
      }
    }

    assertThat(citations).extracting(Citation::cited).contains("docs/PROTOCOL.md");
    assertThat(citations)
        .allSatisfy(
            citation ->
                assertThat(ROOT.resolve(citation.cited()))
                    .as(
                        "%s:%d cites %s, which is not a file in the repository: cite it by its"
                            + " path from the repository root (e.g. docs/PROTOCOL.md), or add it",
                        citation.file(), citation.line(), citation.cited())
                    .isRegularFile());
  }

  @Test
  void aUrlEndingInMdIsNotACitation() {
    assertThat(citations("see https://example.org/guide/intro.md, https://wiki/setup.md"))
        .isEmpty();
  }

  /** The README and every module's test sources. */
  private static List<Path> citingFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path tests : modules.map(module -> module.resolve("src/test")).toList()) {
        if (Files.isDirectory(tests)) {
          try (Stream<Path> walk = Files.walk(tests)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
          }
        }
      }
    }
    return files;
  }

  /** The Markdown paths a line cites, leaving out those inside URLs. */
  static List<String> citations(String line) {
    List<String> cited = new ArrayList<>();
    Matcher citation = CITATION.matcher(line);
    while (citation.find()) {
      if (!insideUrl(line, citation.start())) {
        cited.add(citation.group(1));
      }
    }
    return cited;
  }

  private static boolean insideUrl(String line, int at) {
    Matcher word = WORD.matcher(line);
    while (word.find()) {
      if (word.start() <= at && at < word.end()) {
        return word.group().contains("://");
      }
    }
    return false;
  }
}
