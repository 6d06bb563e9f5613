package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.cli.AgentBusCommand;
import dev.agentbus.embedded.options.ServerOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every server option reaches users through every front end, and nothing else poses as one: the
 * builder has a method named as each option, {@code serve} a flag, {@code bus:start} and {@code
 * bus:run} a parameter, the options table of docs/server-options.md a row with the model's default;
 * and each builder method, flag, {@code agentbus.*} server parameter and options-table row is an
 * option of the model, a former name of one, or listed below as what it is instead.
 */
class ServerOptionsCoverageTest {

  /** The builder's Java hooks: not options, so no front end but Java has them. */
  private static final Set<String> BUILDER_HOOKS =
      Set.of("defaults", "clock", "requestLog", "onNamespaceCreated", "onNamespaceDropped", "set");

  /** {@code serve}'s own flags, not server options. */
  private static final Set<String> SERVE_FLAGS = Set.of("--quiet");

  /** The goals' own parameters, not server options. */
  private static final Set<String> GOAL_PARAMETERS =
      Set.of("skip", "reportDirectory", "runSeconds", "showNamespaces");

  private static final List<String> SERVER_GOALS = List.of("start", "run");

  private static final Path OPTIONS_DOC = Path.of("..").resolve("docs/server-options.md");
  private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
  private static final String OPTIONS_TABLE =
      "| option | `serve` flag | plugin property | default | description |";

  private static Set<String> optionNames() {
    return Arrays.stream(ServerOption.values())
        .map(ServerOption::optionName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> formerNames() {
    return Arrays.stream(ServerOption.values())
        .flatMap(option -> option.formerNames().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String kebab(String name) {
    return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  private static Set<String> builderMethods() {
    return Arrays.stream(ServerBuilder.class.getDeclaredMethods())
        .filter(method -> Modifier.isPublic(method.getModifiers()))
        .filter(method -> method.getReturnType() == ServerBuilder.class)
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The flags {@code serve --help} lists. */
  private static Set<String> serveFlags() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        AgentBusCommand.run(
            new String[] {"serve", "--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.startsWith("  --"))
        .map(line -> line.strip().split("[ =]")[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** goal -> parameter -> "user property | default", for the goals that start a bus. */
  private static Map<String, Map<String, String>> pluginParameters() throws Exception {
    var document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
    Map<String, Map<String, String>> goals = new TreeMap<>();
    NodeList mojos = document.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = mojo.getElementsByTagName("goal").item(0).getTextContent();
      if (!SERVER_GOALS.contains(goal)) {
        continue;
      }
      Map<String, String> parameters = new TreeMap<>();
      Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
      for (Node n = configuration.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element parameter
            && parameter.getTextContent().startsWith("${agentbus.")) {
          String property = parameter.getTextContent().replaceAll("^\\$\\{|}$", "");
          parameters.put(
              parameter.getTagName(), property + " | " + parameter.getAttribute("default-value"));
        }
      }
      goals.put(goal, parameters);
    }
    assertThat(goals.keySet()).containsExactlyInAnyOrderElementsOf(SERVER_GOALS);
    return goals;
  }

  /** The options table of docs/server-options.md: option -> its cells. */
  private static Map<String, List<String>> readmeRows() throws Exception {
    String readme = Files.readString(OPTIONS_DOC, StandardCharsets.UTF_8);
    int table = readme.indexOf(OPTIONS_TABLE);
    assertThat(table)
        .as("the options table of %s, headed %s", OPTIONS_DOC, OPTIONS_TABLE)
        .isNotNegative();
    Map<String, List<String>> rows = new TreeMap<>();
    for (String line : readme.substring(table).lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      List<String> cells =
          Arrays.stream(line.substring(1, line.length() - 1).split(" \\| "))
              .map(String::strip)
              .toList();
      rows.put(MarkdownCells.ticked(cells.get(0)).get(0), cells);
    }
    return rows;
  }

  @Test
  void everyOptionIsABuilderMethodAndEveryBuilderMethodAnOptionOrAHook() {
    Set<String> expected = new TreeSet<>(optionNames());
    expected.addAll(BUILDER_HOOKS);

    assertThat(builderMethods()).isEqualTo(expected);
  }

  @Test
  void everyOptionIsAServeFlagAndEveryServeFlagAnOptionOrServesOwn() {
    Set<String> expected =
        optionNames().stream()
            .map(ServerOptionsCoverageTest::kebab)
            .collect(Collectors.toCollection(TreeSet::new));
    expected.addAll(SERVE_FLAGS);

    assertThat(serveFlags()).isEqualTo(expected);
  }

  @Test
  void everyOptionIsAParameterOfTheGoalsThatStartABusWithItsPropertyAndNoDefaultOfItsOwn()
      throws Exception {
    for (var goal : pluginParameters().entrySet()) {
      Map<String, String> expected = new TreeMap<>();
      for (String name : optionNames()) {
        expected.put(name, "agentbus." + name + " | ");
      }
      for (String former : formerNames()) {
        expected.put(former, "agentbus." + former + " | ");
      }
      Map<String, String> options = new TreeMap<>(goal.getValue());
      options.keySet().removeAll(GOAL_PARAMETERS);

      assertThat(options).as("agentbus.* parameters of bus:%s", goal.getKey()).isEqualTo(expected);
    }
  }

  @Test
  void everyOptionIsAReadmeRowWithItsFlagPropertyAndDefaultAndEveryRowAnOption() throws Exception {
    Map<String, List<String>> rows = readmeRows();

    assertThat(rows.keySet()).isEqualTo(optionNames());
    for (ServerOption option : ServerOption.values()) {
      List<String> cells = rows.get(option.optionName());
      String name = option.optionName();
      assertThat(MarkdownCells.ticked(cells.get(1)).get(0).split(" ")[0])
          .as("serve flag of %s", name)
          .isEqualTo(kebab(name));
      assertThat(MarkdownCells.ticked(cells.get(2)))
          .as("plugin property of %s", name)
          .containsExactly("agentbus." + name);
      List<String> defaults = MarkdownCells.ticked(cells.get(3));
      assertThat(defaults.isEmpty() ? cells.get(3) : defaults.get(0))
          .as("default of %s", name)
          .isEqualTo(option.defaultText());
    }
  }

  @Test
  void theReadmeShowsTheForegroundPortAndEachFormerName() throws Exception {
    String readme = Files.readString(OPTIONS_DOC, StandardCharsets.UTF_8);

    assertThat(readmeRows().get("port").get(3))
        .contains("`" + ServerOption.FOREGROUND_PORT + "` for `serve` and `bus:run`");
    for (String former : formerNames()) {
      assertThat(readme).contains("`" + kebab(former) + "`").contains("`agentbus." + former + "`");
    }
  }
}
