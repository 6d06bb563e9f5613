package dev.agentbus.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the code spans out of a Markdown table cell, for the tests that check docs/ tables. */
final class MarkdownCells {

  private static final Pattern TICKED = Pattern.compile("`([^`]*)`");

  private MarkdownCells() {}

  /**
   * @param cell a table cell, e.g. {@code `agentbus.port` (`8080` for `run`)}
   * @return the text of each code span, in order
   */
  static List<String> ticked(String cell) {
    List<String> values = new ArrayList<>();
    Matcher matcher = TICKED.matcher(cell);
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }
}
