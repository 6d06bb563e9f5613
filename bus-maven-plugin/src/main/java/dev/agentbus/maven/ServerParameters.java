package dev.agentbus.maven;

import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.options.ServerOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The server options of {@code bus:start} and {@code bus:run} as Maven handed them over, by
 * parameter name: each parameter is named as its {@link ServerOption}, and read by the model's
 * parser, so that every refusal names what the user typed ({@code agentbus.memoryBudget}).
 * Parameters left out keep the builder's value: the model's default, or a goal's documented
 * override.
 */
final class ServerParameters {

  private final Map<String, Object> byName;

  private ServerParameters(Map<String, Object> byName) {
    this.byName = byName;
  }

  /**
   * @param byName values by parameter name, as configured; {@code null} or blank for one left out
   * @return the parameters
   */
  static ServerParameters of(Map<String, ?> byName) {
    return new ServerParameters(new HashMap<>(byName));
  }

  /**
   * Sets every option given on the builder, checked by the model.
   *
   * @param builder the builder, holding the goal's defaults
   * @param warn told one line for each deprecated parameter used
   * @return the builder
   * @throws MojoExecutionException naming the parameter, the value, the rule and the fix
   */
  ServerBuilder applyTo(ServerBuilder builder, Consumer<String> warn)
      throws MojoExecutionException {
    for (ServerOption option : ServerOption.values()) {
      String text = given(option.optionName());
      for (String former : option.formerNames()) {
        String old = given(former);
        if (old != null) {
          warn.accept(
              "agentbus."
                  + former
                  + " (<"
                  + former
                  + ">) is deprecated: use agentbus."
                  + option.optionName()
                  + " (<"
                  + option.optionName()
                  + ">), which means the same");
          text = text != null ? text : old;
        }
      }
      if (text != null) {
        try {
          builder.set(option, option.parse(text));
        } catch (OptionException e) {
          throw new MojoExecutionException(describe(e), e);
        }
      }
    }
    return builder;
  }

  /**
   * @param e a refused option
   * @return the refusal in the plugin's words: the user property, the rule, and where to set it
   */
  static String describe(OptionException e) {
    String name = e.option().optionName();
    String where =
        "set <"
            + name
            + "> in the plugin's configuration or -Dagentbus."
            + name
            + (e.value() == null ? "" : " to a valid value")
            + (e.option().defaultValue().isPresent()
                ? " (usually " + e.option().defaultText() + ")"
                : ", or leave it out for " + e.option().defaultText());
    return e.render(option -> "agentbus." + option.optionName())
        + (e.value() == null ? "; " : ": ")
        + where;
  }

  private String given(String name) {
    Object value = byName.get(name);
    // Maven hands over an empty property as an empty string: it means the parameter is left out.
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
