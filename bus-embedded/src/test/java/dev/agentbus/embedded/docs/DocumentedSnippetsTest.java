package dev.agentbus.embedded.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.docs.Snippets.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java and XML in the README and docs/ is code the build compiles and runs: each block names
 * its source on the line before it, and is that source's region as it is now ({@link Snippets}).
 */
class DocumentedSnippetsTest {

  /** The tests run in the module's folder; the repository is its parent. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyJavaAndXmlBlockOfTheDocsIsItsMarkedSourceAsTheBuildHasIt() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path doc : documents(ROOT)) {
      blocks.addAll(Snippets.blocks(ROOT, doc));
    }

    assertThat(blocks).as("Java and XML blocks found").filteredOn(Block::checked).isNotEmpty();
    assertThat(
            blocks.stream().map(block -> Snippets.problem(ROOT, block)).flatMap(Optional::stream))
        .as("blocks of README.md and docs/ that are not their sources")
        .isEmpty();
  }

  @Test
  void aBlockThatDriftedIsNamedWithItsLineItsSourceAndTheFirstDifferingLine(@TempDir Path root)
      throws IOException {
    write(
        root.resolve("src/Example.java"),
        "class Example {",
        "  void run() {",
        "    // snippet:call",
        "    bus.send(\"bob\", \"ping\");",
        "    bus.poll();",
        "    // end-snippet:call",
        "  }",
        "}");
    write(
        root.resolve("README.md"),
        "# Title",
        "",
        "<!-- snippet: src/Example.java#call -->",
        "```java",
        "bus.send(\"bob\", \"ping\");",
        "bus.pollNow();",
        "```");

    assertThat(problems(root))
        .singleElement()
        .isEqualTo(
            "README.md:4: the ```java block differs from its source src/Example.java#call at"
                + " README.md:6\n"
                + "  source: bus.poll();\n"
                + "  doc:    bus.pollNow();\n"
                + "copy the source's region into the block again (the source is what the build"
                + " compiles and runs)");
  }

  @Test
  void aBlockMatchesItsRegionWhateverTheIndentationBothShare(@TempDir Path root)
      throws IOException {
    write(
        root.resolve("pom.xml"),
        "<project>",
        "  <build>",
        "    <!-- snippet:plugins -->",
        "    <plugins>",
        "      <plugin/>",
        "    </plugins>",
        "    <!-- end-snippet:plugins -->",
        "  </build>",
        "</project>");
    write(
        root.resolve("README.md"),
        "<!-- snippet: pom.xml#plugins -->",
        "```xml",
        "<plugins>",
        "  <plugin/>",
        "</plugins>",
        "```");

    assertThat(problems(root)).isEmpty();
  }

  @Test
  void aWholeFileIsItsSourceWithoutTheMarkersOfTheRegionsInIt(@TempDir Path root)
      throws IOException {
    write(
        root.resolve("A.java"),
        "class A {",
        "  // snippet:inner",
        "  int x;",
        "  // end-snippet:inner",
        "}");
    write(
        root.resolve("README.md"),
        "<!-- snippet: A.java -->",
        "```java",
        "class A {",
        "  int x;",
        "}",
        "```");

    assertThat(problems(root)).isEmpty();
  }

  @Test
  void aBlockCutShortIsNamedWhereItEnds(@TempDir Path root) throws IOException {
    write(root.resolve("A.java"), "class A {", "}");
    write(root.resolve("README.md"), "<!-- snippet: A.java -->", "```java", "class A {", "```");

    assertThat(problems(root))
        .singleElement()
        .asString()
        .contains("README.md:2: the ```java block differs from its source A.java at README.md:4")
        .contains("  source: }\n  doc:    (ends here)");
  }

  @Test
  void aJavaBlockWithoutAMarkerIsNamedAndAnotherLanguageIsNot(@TempDir Path root)
      throws IOException {
    write(root.resolve("README.md"), "```text", "output", "```", "", "```java", "int x;", "```");

    assertThat(problems(root))
        .singleElement()
        .asString()
        .startsWith("README.md:5: this ```java block names no source; put <!-- snippet:");
  }

  @Test
  void theEscapeForAnIllustrativeFragmentNeedsAReason(@TempDir Path root) throws IOException {
    write(
        root.resolve("README.md"),
        "<!-- snippet: none (the shape of a call, not a program) -->",
        "```java",
        "bus.send(to, msg);",
        "```",
        "<!-- snippet: none -->",
        "```java",
        "bus.send(to, msg);",
        "```");

    assertThat(problems(root))
        .singleElement()
        .asString()
        .startsWith("README.md:6: 'none' gives no reason");
  }

  @Test
  void aRegionThatIsMissingOrNeverEndsIsNamed(@TempDir Path root) throws IOException {
    write(root.resolve("A.java"), "// snippet:open", "int x;");
    write(
        root.resolve("README.md"),
        "<!-- snippet: A.java#open -->",
        "```java",
        "int x;",
        "```",
        "<!-- snippet: A.java#gone -->",
        "```java",
        "int x;",
        "```");

    assertThat(problems(root))
        .containsExactly(
            "README.md:2: its source A.java#open opens region 'open' at line 1 and never ends it",
            "README.md:6: its source A.java#gone has no line '// snippet:gone' (or '<!--"
                + " snippet:gone -->')");
  }

  private static List<String> problems(Path root) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : documents(root)) {
      for (Block block : Snippets.blocks(root, doc)) {
        Snippets.problem(root, block).ifPresent(problems::add);
      }
    }
    return problems;
  }

  /** README.md and every Markdown file under docs/, relative to the root. */
  private static List<Path> documents(Path root) throws IOException {
    List<Path> documents = new ArrayList<>();
    if (Files.isRegularFile(root.resolve("README.md"))) {
      documents.add(Path.of("README.md"));
    }
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> walk = Files.walk(docs)) {
        walk.filter(file -> file.toString().endsWith(".md"))
            .sorted()
            .forEach(file -> documents.add(root.relativize(file)));
      }
    }
    return documents;
  }

  private static void write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
  }
}
