package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.options.ServerOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The goals table of docs/maven-plugin.md says what the plugin descriptor Maven reads says: every
 * parameter of every goal, with its user property and default, and nothing else; but for the server
 * options, which the options table shows ({@link ServerOptionsCoverageTest}).
 */
class DocsGoalsTableTest {

  private static final Path GOALS_TABLE = Path.of("..").resolve("docs/maven-plugin.md");
  private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
  private static final List<String> GOALS = List.of("start", "stop", "run", "verify");

  /** goal/parameter -> "user property | default" */
  private static TreeMap<String, String> fromDescriptor() throws Exception {
    var document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
    TreeMap<String, String> parameters = new TreeMap<>();
    NodeList mojos = document.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = mojo.getElementsByTagName("goal").item(0).getTextContent();
      Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
      for (Node n = configuration.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element parameter
            && parameter.getTextContent().startsWith("${")
            && !isServerOption(parameter.getTagName())) {
          String property = parameter.getTextContent().replaceAll("^\\$\\{|}$", "");
          String defaultValue = parameter.getAttribute("default-value");
          parameters.put(goal + "/" + parameter.getTagName(), property + " | " + defaultValue);
        }
      }
    }
    return parameters;
  }

  private static boolean isServerOption(String parameter) {
    return Arrays.stream(ServerOption.values())
        .anyMatch(
            option ->
                option.optionName().equals(parameter) || option.formerNames().contains(parameter));
  }

  private static TreeMap<String, String> fromReadme() throws Exception {
    String readme = Files.readString(GOALS_TABLE, StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("| goal (phase) | parameter |"));
    TreeMap<String, String> parameters = new TreeMap<>();
    List<String> goals = new ArrayList<>();
    for (String line : section.lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split(" \\| ");
      if (!cells[0].equals("|")) {
        goals = MarkdownCells.ticked(cells[0]).stream().filter(GOALS::contains).toList();
      }
      String parameter = MarkdownCells.ticked(cells[1]).get(0);
      String property = MarkdownCells.ticked(cells[2]).get(0);
      for (String goal : goals) {
        parameters.put(goal + "/" + parameter, property + " | " + defaultFor(cells[3], goal));
      }
    }
    return parameters;
  }

  /** "`0` for `start`, `8080` for `run`" holds one default per goal; "none" and "(root)" none. */
  private static String defaultFor(String cell, String goal) {
    Matcher perGoal = Pattern.compile("`([^`]*)` for `" + goal + "`").matcher(cell);
    if (perGoal.find()) {
      return perGoal.group(1);
    }
    List<String> values = MarkdownCells.ticked(cell);
    return values.isEmpty() ? "" : values.get(0);
  }

  @Test
  void theReadmeTableListsEveryParameterWithItsPropertyAndDefault() throws Exception {
    assertThat(fromReadme()).isEqualTo(fromDescriptor());
  }

  @Test
  void everyParameterHasAnAgentbusUserPropertyExceptSkipITs() throws Exception {
    TreeSet<String> properties = new TreeSet<>();
    fromDescriptor().values().forEach(v -> properties.add(v.substring(0, v.indexOf(" | "))));

    assertThat(properties)
        .allMatch(property -> property.startsWith("agentbus.") || property.equals("skipITs"));
  }
}
