package dev.agentbus.embedded.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@link NamespaceOptions} and {@link BusInfo}, shared by the bus's HTTP face and
 * the remote client so that both read and write the same names: the builder's, with {@code
 * recvTimeout} in seconds and {@code channellessRecv} as {@code "all"} or {@code "default"}. A
 * token is written only where the caller owns it (a creation request), never in {@code /_bus/info},
 * which says {@code "tokenRequired"} instead.
 */
public final class OptionsJson {

  private static final List<ServerOption> FIELDS =
      Arrays.stream(ServerOption.values())
          .filter(option -> option.scope() != ServerOption.Scope.SERVER)
          .toList();

  private OptionsJson() {}

  /**
   * @param options the options
   * @param withToken whether to write the token (a creation request) or only whether one is needed
   * @return the JSON object as a map, for the codec
   */
  public static Map<String, Object> write(NamespaceOptions options, boolean withToken) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (ServerOption option : FIELDS) {
      Object value = options.get(option);
      if (option == ServerOption.TOKEN) {
        if (!withToken) {
          json.put("tokenRequired", value != null);
        } else if (value != null) {
          json.put(option.optionName(), value);
        }
      } else {
        json.put(option.optionName(), jsonValue(option, value));
      }
    }
    return json;
  }

  /** Numbers and booleans as JSON has them; a duration in seconds; a choice as it is spelled. */
  private static Object jsonValue(ServerOption option, Object value) {
    return switch (option.kind()) {
      case DURATION -> OptionKind.seconds((Duration) value);
      case CHOICE -> option.format(value);
      default -> value;
    };
  }

  /**
   * Reads options, each field optional, refusing unknown fields and wrong values with a sentence
   * that names the field and the rule of its {@link ServerOption}.
   *
   * @param json a JSON object
   * @param base what an absent field takes: the server's defaults for a namespace being created, so
   *     that {@code {}} means the same as a namespace its first request creates
   * @param lenient accept fields this version does not know (reading {@code /_bus/info} of a newer
   *     bus) instead of refusing them
   * @return the options
   * @throws IllegalArgumentException naming what is wrong
   */
  public static NamespaceOptions read(JsonNode json, NamespaceOptions base, boolean lenient) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "namespace options must be a JSON object such as {\"channellessRecv\": \"default\","
              + " \"maxQueue\": 50}");
    }
    if (!lenient) {
      for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (FIELDS.stream().noneMatch(option -> option.optionName().equals(name))) {
          throw new IllegalArgumentException(
              "unknown namespace option \""
                  + name
                  + "\"; the options are "
                  + String.join(
                      ", ", FIELDS.stream().map(ServerOption::optionName).sorted().toList()));
        }
      }
    }
    NamespaceOptions.Builder builder = base.toBuilder();
    try {
      for (ServerOption option : FIELDS) {
        JsonNode node = json.get(option.optionName());
        if (node != null && !node.isNull()) {
          builder.set(option, option.parse(text(option, node)));
        }
      }
      return builder.build();
    } catch (OptionException e) {
      throw new IllegalArgumentException(
          e.render(option -> "namespace option \"" + option.optionName() + "\""), e);
    }
  }

  /**
   * A field's text for the option's parser, when its JSON type fits: a number for counts, a number
   * of seconds or a string with a unit for durations (the parser's own forms, as on a command
   * line), a boolean, or a string.
   */
  private static String text(ServerOption option, JsonNode node) {
    boolean fits =
        switch (option.kind()) {
          case COUNT, BYTES -> node.isIntegralNumber();
          case DURATION -> node.isNumber() || node.isTextual();
          case BOOLEAN -> node.isBoolean();
          default -> node.isTextual();
        };
    if (!fits) {
      throw new OptionException(
          option, option.kind() == OptionKind.TOKEN ? null : node.toString(), option.rule());
    }
    if (!node.isNumber()) {
      return node.asText();
    }
    return OptionKind.plainText(node.decimalValue())
        .orElseThrow(() -> new OptionException(option, node.toString(), option.rule()));
  }

  /**
   * @param info a description
   * @return its JSON object as a map, for the codec
   */
  public static Map<String, Object> write(BusInfo info) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", info.version());
    json.put("namespace", info.namespace());
    json.put("options", write(info.options(), false));
    json.put("defaults", write(info.defaults(), false));
    json.put("namespaces", info.namespaces());
    json.put("parkedPolls", info.parkedPolls());
    json.put("journal", Map.of("nextSeq", info.journalNextSeq(), "dropped", info.journalDropped()));
    json.put("memory", Map.of("used", info.memoryUsed(), "budget", info.memoryBudget()));
    return json;
  }

  /**
   * @param json what {@code /_bus/info} answered
   * @return the description; tokens are never reported, so the options carry none
   */
  public static BusInfo readInfo(JsonNode json) {
    JsonNode journal = json.path("journal");
    return new BusInfo(
        json.path("version").asText("unknown"),
        json.path("namespace").asText(""),
        read(json.get("options"), NamespaceOptions.defaults(), true),
        read(json.get("defaults"), NamespaceOptions.defaults(), true),
        json.path("namespaces").asInt(),
        json.path("parkedPolls").asInt(),
        journal.path("nextSeq").asLong(1),
        journal.path("dropped").asLong(),
        json.path("memory").path("used").asLong(),
        json.path("memory").path("budget").asLong());
  }
}
