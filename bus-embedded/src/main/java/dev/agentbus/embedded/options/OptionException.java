package dev.agentbus.embedded.options;

import java.util.List;
import java.util.function.Function;

/**
 * A server option refused: its value breaks the option's rule, or options that each pass do not
 * hold together (a memory budget too small for the largest body). It carries the option(s), the
 * value and the rule as data, so that each front end names the options as its users type them:
 * {@link #getMessage()} says {@code memoryBudget}, {@code serve} says {@code --memory-budget}, the
 * Maven plugin {@code agentbus.memoryBudget}.
 */
public final class OptionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The options the refusal is about; the first is the one refused. */
  private final transient List<ServerOption> options;

  /** The refused value as given, or {@code null}. */
  private final String value;

  /** What is wrong, naming the options as {@code {0}}, {@code {1}}... */
  private final String rule;

  /** What to do instead, naming the options the same way, or {@code null}. */
  private final String fix;

  /**
   * A value that breaks its option's rule.
   *
   * @param option the option
   * @param value the value as given, or {@code null} not to repeat it (a token)
   * @param rule what the value must be, e.g. "must be true or false"
   */
  public OptionException(ServerOption option, String value, String rule) {
    this(List.of(option), value, rule, null);
  }

  /**
   * @param options the options concerned, the refused one first; the rule and the fix name them as
   *     {@code {0}}, {@code {1}}..., in that order
   * @param value the refused value as given, or {@code null} when the rule says it
   * @param rule what is wrong, following the first option's name, e.g. "of 1000 bytes could not
   *     keep one message of {1}"
   * @param fix what to do, or {@code null}
   */
  public OptionException(List<ServerOption> options, String value, String rule, String fix) {
    super(null, null);
    this.options = List.copyOf(options);
    this.value = value;
    this.rule = rule;
    this.fix = fix;
  }

  /**
   * @return the options concerned, the refused one first
   */
  public List<ServerOption> options() {
    return options;
  }

  /**
   * @return the refused option
   */
  public ServerOption option() {
    return options.get(0);
  }

  /**
   * @return the value as given, or {@code null} when it is not repeated
   */
  public String value() {
    return value;
  }

  /**
   * @param spelling how the front end names an option, e.g. {@code --memory-budget}
   * @return the refusal in one sentence, e.g. {@code --memory-budget must be a number of bytes ...,
   *     got '12x'}
   */
  public String render(Function<ServerOption, String> spelling) {
    StringBuilder sentence =
        new StringBuilder(spelling.apply(option())).append(' ').append(fill(rule, spelling));
    if (value != null) {
      sentence.append(", got '").append(value).append('\'');
    }
    if (fix != null) {
      sentence.append(": ").append(fill(fix, spelling));
    }
    return sentence.toString();
  }

  /**
   * @return the refusal with the options' own names, e.g. {@code memoryBudget must be ...}
   */
  @Override
  public String getMessage() {
    return render(ServerOption::optionName);
  }

  private String fill(String text, Function<ServerOption, String> spelling) {
    String filled = text;
    for (int i = 0; i < options.size(); i++) {
      filled = filled.replace("{" + i + "}", spelling.apply(options.get(i)));
    }
    return filled;
  }
}
