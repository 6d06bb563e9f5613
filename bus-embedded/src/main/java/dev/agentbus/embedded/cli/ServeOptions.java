package dev.agentbus.embedded.cli;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.options.OptionKind;
import dev.agentbus.embedded.options.ServerOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code serve}, parsed from the command line: one flag per {@link ServerOption},
 * its name in kebab case ({@code memoryBudget} is {@code --memory-budget}), read by the model's
 * parser, plus {@code --quiet}, which is the command's own. {@code serve} listens on {@link
 * ServerOption#FOREGROUND_PORT} unless told otherwise.
 *
 * @param values the server options given, by option
 * @param quiet no request log
 * @param notices one line for each deprecated flag used, naming its replacement
 */
record ServeOptions(Map<ServerOption, Object> values, boolean quiet, List<String> notices) {

  /** The flag that is {@code serve}'s own, not a server option. */
  static final String QUIET = "--quiet";

  private static final int FLAG_COLUMN = 34;
  private static final int WIDTH = 100;

  ServeOptions {
    values = Collections.unmodifiableMap(new EnumMap<>(values));
    notices = List.copyOf(notices);
  }

  /**
   * @param option a server option
   * @return its flag, e.g. {@code --memory-budget}
   */
  static String flag(ServerOption option) {
    return flag(option.optionName());
  }

  private static String flag(String name) {
    return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  /**
   * @return the usage text, one line or more per flag, generated from the model
   */
  static String usage() {
    StringBuilder usage = new StringBuilder("usage: java -jar agent-bus.jar serve [options]\n");
    for (ServerOption option : ServerOption.values()) {
      String value = metavariable(option);
      appendFlag(
          usage,
          flag(option) + (value.isEmpty() ? "" : " " + value),
          option.description(),
          "(default " + defaultText(option) + ")");
    }
    appendFlag(usage, QUIET, "no request log", "");
    usage
        .append("  Flags take --flag=value as well. Sizes: 268435456, 256MiB, 256m; durations: 30,")
        .append(" 0.5, 500ms, 2m.\n");
    return usage.toString();
  }

  private static String defaultText(ServerOption option) {
    return option == ServerOption.PORT
        ? Integer.toString(ServerOption.FOREGROUND_PORT)
        : option.defaultText();
  }

  private static String metavariable(ServerOption option) {
    return switch (option.kind()) {
      case BOOLEAN -> "";
      case CHOICE -> "all|default";
      case COUNT -> option == ServerOption.PORT ? "PORT" : "N";
      default -> option.kind().noun().replaceFirst("^an? ", "").toUpperCase(Locale.ROOT);
    };
  }

  /** The flag, then its description wrapped, ending with {@code last} kept whole on one line. */
  private static void appendFlag(
      StringBuilder usage, String flag, String description, String last) {
    String head = "  " + flag;
    List<String> lines = wrap(description, last, WIDTH - FLAG_COLUMN);
    if (head.length() >= FLAG_COLUMN) {
      usage.append(head).append('\n');
    } else {
      usage.append(head).append(" ".repeat(FLAG_COLUMN - head.length())).append(lines.remove(0));
      usage.append('\n');
    }
    for (String line : lines) {
      usage.append(" ".repeat(FLAG_COLUMN)).append(line).append('\n');
    }
  }

  private static List<String> wrap(String text, String last, int width) {
    List<String> words = new ArrayList<>(List.of(text.split(" ")));
    if (!last.isEmpty()) {
      words.add(last);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  static ServeOptions parse(String[] args) throws UsageException {
    Map<ServerOption, Object> values = new EnumMap<>(ServerOption.class);
    List<String> notices = new ArrayList<>();
    boolean quiet = false;
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.removeFirst();
      // --option=value reads as --option value, as most command lines allow.
      int equals = arg.indexOf('=');
      boolean withValue = arg.startsWith("--") && equals > 2;
      String given = withValue ? arg.substring(0, equals) : arg;
      String inline = withValue ? arg.substring(equals + 1) : null;
      if (given.equals(QUIET)) {
        if (inline != null) {
          throw new UsageException(QUIET + " takes no value: give it alone to switch it on");
        }
        quiet = true;
        continue;
      }
      ServerOption option = option(given, notices);
      String text;
      if (inline != null) {
        text = inline;
      } else if (option.kind() == OptionKind.BOOLEAN) {
        text = "true"; // a switch given alone is on
      } else if (rest.isEmpty() || rest.peekFirst().startsWith("--")) {
        throw new UsageException(given + " needs a value");
      } else {
        text = rest.removeFirst();
      }
      try {
        values.put(option, option.parse(text));
      } catch (OptionException e) {
        throw new UsageException(e.render(o -> given));
      }
    }
    return new ServeOptions(values, quiet, notices);
  }

  /** The option a flag names, its former flags included with a notice. */
  private static ServerOption option(String given, List<String> notices) throws UsageException {
    for (ServerOption option : ServerOption.values()) {
      if (flag(option).equals(given)) {
        return option;
      }
      Optional<String> former =
          option.formerNames().stream().map(ServeOptions::flag).filter(given::equals).findFirst();
      if (former.isPresent()) {
        notices.add(given + " is deprecated: use " + flag(option) + ", which means the same");
        return option;
      }
    }
    throw new UsageException("unknown option '" + given + "'");
  }

  /**
   * @return a builder with these options, on {@link ServerOption#FOREGROUND_PORT} unless a port was
   *     given
   */
  ServerBuilder toBuilder() {
    ServerBuilder builder = AgentBusServer.builder().port(ServerOption.FOREGROUND_PORT);
    values.forEach(builder::set);
    return builder;
  }
}
