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
 * A test, the README or a page of docs/ that sends its reader to a Markdown file sends them to one
 * that exists: a test's citation is a path from the repository's root, a Markdown file's a link
 * from its own folder (so that it works where the file is read, on a forge or in an editor).
 */
class CitedDocumentsTest {

  /** The tests run in the module's folder; the repository is its parent. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** A name ending in .md that is not the tail of a longer path, a version or a host name. */
  private static final Pattern CITATION =
      Pattern.compile("(?<![\\w./-])([A-Za-z0-9/_-]+\\.md)(?![\\w-])");

  /** The whitespace-separated word around a citation, to tell a URL from a path. */
  private static final Pattern WORD = Pattern.compile("\\S+");

  /**
   * @param file the citing file, from the root
   * @param line its line, from 1
   * @param cited the path as written
   * @param target where it points, from the root
   */
  record Citation(Path file, int line, String cited, Path target) {}

  @Test
  void everyMarkdownFileThatATestOrTheReadmeCitesExistsFromTheRepositoryRoot() throws IOException {
    assertThat(ROOT.resolve("mvnw")).as("the repository root").exists();
    List<Citation> citations = new ArrayList<>();
    for (Path file : citingFiles()) {
      // Leniently decoded: a stray byte in a resource is no reason to stop looking.
      String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        for (String cited : citations(lines[i])) {
          Path from = file.toString().endsWith(".md") ? file.getParent() : ROOT;
          citations.add(
              new Citation(
                  ROOT.relativize(file),
                  i + 1,
                  cited,
                  ROOT.relativize(from.resolve(cited).normalize())));
        }
      }
    }

    assertThat(citations)
        .extracting(citation -> citation.target().toString())
        .contains("docs/protocol.md", "docs/junit5.md", "docs/maven-plugin.md");
    assertThat(citations)
        .allSatisfy(
            citation ->
                assertThat(ROOT.resolve(citation.target()))
                    .as(
                        "%s:%d cites %s, which is not a file in the repository: cite it by its"
                            + " path from the repository root in a test (e.g. docs/protocol.md),"
                            + " from the citing file's folder in Markdown, or add it",
                        citation.file(), citation.line(), citation.cited())
                    .isRegularFile());
  }

  @Test
  void aUrlEndingInMdIsNotACitation() {
    assertThat(citations("see https://example.org/guide/intro.md, https://wiki/setup.md"))
        .isEmpty();
  }

  /** The README, the pages of docs/ and every module's test sources. */
  private static List<Path> citingFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
    }
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
