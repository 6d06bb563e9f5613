package dev.agentbus.embedded.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of Markdown documents and the sources they are copied from. A block is marked by
 * the line right before its fence: {@code <!-- snippet: path/from/the/root/File.java#tag -->} for
 * the region between {@code // snippet:tag} and {@code // end-snippet:tag} of that file ({@code
 * <!-- snippet:tag -->} and {@code <!-- end-snippet:tag -->} in XML), the same without {@code #tag}
 * for the whole file, or {@code <!-- snippet: none (why) -->} for an illustrative fragment. A block
 * and its source are compared line by line after removing the indentation common to all their
 * lines, trailing blanks and blank lines at either end, and without the lines that mark regions (so
 * that regions may nest).
 */
final class Snippets {

  /** The languages whose blocks must come from a source the build compiles and runs. */
  static final List<String> CHECKED_LANGUAGES = List.of("java", "xml");

  private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (.*) -->$");
  private static final Pattern NONE = Pattern.compile("^none \\((.*\\S.*)\\)$");
  private static final Pattern REGION_LINE =
      Pattern.compile("^\\s*(?://|<!--)\\s*(end-)?snippet:([\\w.-]+)\\s*(?:-->)?\\s*$");

  private Snippets() {}

  /**
   * A fenced block of a document.
   *
   * @param doc the document, relative to the root
   * @param line the line of its opening fence, from 1
   * @param language what follows the fence, e.g. {@code java}; empty for none
   * @param marker what the marker before it names ({@code path#tag} or {@code none (why)}), or
   *     {@code null} when no marker precedes it
   * @param lines its lines, between the fences
   */
  record Block(Path doc, int line, String language, String marker, List<String> lines) {

    Block {
      lines = List.copyOf(lines);
    }

    boolean checked() {
      return CHECKED_LANGUAGES.contains(language);
    }

    String where() {
      return doc + ":" + line;
    }
  }

  /** The fenced blocks of one document, in order. */
  static List<Block> blocks(Path root, Path doc) {
    List<String> lines = read(root.resolve(doc));
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int start = i;
      List<String> body = new ArrayList<>();
      // a block runs to the next bare fence, or to the end of a document that forgot to close it
      for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
        body.add(lines.get(i));
      }
      Matcher marker = start > 0 ? MARKER.matcher(lines.get(start - 1)) : null;
      blocks.add(
          new Block(
              doc,
              start + 1,
              open.group(1),
              marker != null && marker.matches() ? marker.group(1).strip() : null,
              body));
    }
    return blocks;
  }

  /**
   * What is wrong with one block: nothing for a block of another language or one that is its
   * source's copy; else one message that names the document and line, the source and the first line
   * that differs.
   */
  static Optional<String> problem(Path root, Block block) {
    if (!block.checked()) {
      return block.marker() == null
          ? Optional.empty()
          : Optional.of(
              block.where()
                  + ": a snippet marker precedes a ```"
                  + block.language()
                  + " block, which is not checked; markers go before ```java and ```xml blocks");
    }
    if (block.marker() == null) {
      return Optional.of(
          block.where()
              + ": this ```"
              + block.language()
              + " block names no source; put <!-- snippet: path/from/the/root/File.java#tag -->"
              + " on the line before it (the region between // snippet:tag and"
              + " // end-snippet:tag of a file the build compiles and runs), or, for an"
              + " illustrative fragment only, <!-- snippet: none (why) -->");
    }
    if (block.marker().startsWith("none")) {
      return NONE.matcher(block.marker()).matches()
          ? Optional.empty()
          : Optional.of(
              block.where()
                  + ": '"
                  + block.marker()
                  + "' gives no reason; write <!-- snippet: none (why it has no source) -->");
    }
    String source = block.marker();
    int hash = source.indexOf('#');
    Path file = Path.of(hash < 0 ? source : source.substring(0, hash));
    String tag = hash < 0 ? null : source.substring(hash + 1);
    if (!Files.isRegularFile(root.resolve(file))) {
      return Optional.of(
          block.where()
              + ": its source "
              + file
              + " is not a file; name it by its path from the repository root");
    }
    List<String> expected;
    try {
      expected = normalized(region(read(root.resolve(file)), tag));
    } catch (IllegalArgumentException e) {
      return Optional.of(block.where() + ": its source " + source + " " + e.getMessage());
    }
    return difference(block, source, expected, normalized(block.lines()));
  }

  private static Optional<String> difference(
      Block block, String source, List<String> expected, List<String> actual) {
    int common = Math.min(expected.size(), actual.size());
    for (int i = 0; i <= common; i++) {
      String want = i < expected.size() ? expected.get(i) : null;
      String have = i < actual.size() ? actual.get(i) : null;
      if (want == null && have == null) {
        return Optional.empty();
      }
      if (want == null || !want.equals(have)) {
        int docLine = block.line() + 1 + leadingBlankLines(block.lines()) + i;
        return Optional.of(
            block.where()
                + ": the ```"
                + block.language()
                + " block differs from its source "
                + source
                + " at "
                + block.doc()
                + ":"
                + docLine
                + "\n  source: "
                + (want == null ? "(ends here)" : want)
                + "\n  doc:    "
                + (have == null ? "(ends here)" : have)
                + "\ncopy the source's region into the block again (the source is what the build"
                + " compiles and runs)");
      }
    }
    return Optional.empty();
  }

  /** The lines of a source that a tag names: between its markers; the whole file without one. */
  static List<String> region(List<String> lines, String tag) {
    if (tag == null) {
      return withoutRegionLines(lines);
    }
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = REGION_LINE.matcher(lines.get(i));
      if (marker.matches() && marker.group(2).equals(tag)) {
        if (marker.group(1) == null) {
          if (start >= 0) {
            throw new IllegalArgumentException(
                "opens region '" + tag + "' twice (lines " + (start + 1) + " and " + (i + 1) + ")");
          }
          start = i;
        } else if (start >= 0 && end < 0) {
          end = i;
        }
      }
    }
    if (start < 0) {
      throw new IllegalArgumentException(
          "has no line '// snippet:" + tag + "' (or '<!-- snippet:" + tag + " -->')");
    }
    if (end < 0) {
      throw new IllegalArgumentException(
          "opens region '" + tag + "' at line " + (start + 1) + " and never ends it");
    }
    return withoutRegionLines(lines.subList(start + 1, end));
  }

  private static List<String> withoutRegionLines(List<String> lines) {
    return lines.stream().filter(line -> !REGION_LINE.matcher(line).matches()).toList();
  }

  /** Trailing blanks, blank lines at either end and the common indentation removed. */
  static List<String> normalized(List<String> lines) {
    List<String> stripped = lines.stream().map(String::stripTrailing).toList();
    int from = leadingBlankLines(stripped);
    int to = stripped.size();
    while (to > from && stripped.get(to - 1).isEmpty()) {
      to--;
    }
    List<String> kept = stripped.subList(from, to);
    int indent =
        kept.stream()
            .filter(line -> !line.isEmpty())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    return kept.stream().map(line -> line.isEmpty() ? line : line.substring(indent)).toList();
  }

  private static int leadingBlankLines(List<String> lines) {
    int blank = 0;
    while (blank < lines.size() && lines.get(blank).isBlank()) {
      blank++;
    }
    return blank;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
