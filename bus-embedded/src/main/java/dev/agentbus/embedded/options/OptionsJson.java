package dev.agentbus.embedded.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@link NamespaceOptions} and {@link BusInfo}, shared by the bus's HTTP face and
 * the remote client so that both read and write the same names: the builder's, with {@code
 * recvTimeout} in seconds and {@code channellessRecv} as {@code "all"} or {@code "default"}. A
 * token is written only where the caller owns it (a creation request), never in {@code /_bus/info},
 * which says {@code "tokenRequired"} instead.
 */
public final class OptionsJson {

  private static final Set<String> FIELDS =
      Set.of("channellessRecv", "waf", "token", "maxQueue", "recvTimeout", "journalLimit");

  private static final BigDecimal MAX_RECV_TIMEOUT_SECONDS = BigDecimal.valueOf(86_400);

  private OptionsJson() {}

  /**
   * @param options the options
   * @param withToken whether to write the token (a creation request) or only whether one is needed
   * @return the JSON object as a map, for the codec
   */
  public static Map<String, Object> write(NamespaceOptions options, boolean withToken) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("channellessRecv", options.channellessRecv().name().toLowerCase(Locale.ROOT));
    json.put("waf", options.waf());
    if (withToken) {
      if (options.token() != null) {
        json.put("token", options.token());
      }
    } else {
      json.put("tokenRequired", options.token() != null);
    }
    json.put("maxQueue", options.maxQueue());
    json.put(
        "recvTimeout", BigDecimal.valueOf(options.recvTimeout().toNanos(), 9).stripTrailingZeros());
    json.put("journalLimit", options.journalLimit());
    return json;
  }

  /**
   * Reads options, each field optional, refusing unknown fields and wrong types with a sentence
   * that names the field and the rule.
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
        if (!FIELDS.contains(name)) {
          throw new IllegalArgumentException(
              "unknown namespace option \""
                  + name
                  + "\"; the options are "
                  + String.join(", ", new java.util.TreeSet<>(FIELDS)));
        }
      }
    }
    NamespaceOptions.Builder builder = base.toBuilder();
    JsonNode mode = present(json, "channellessRecv");
    if (mode != null) {
      if (!mode.isTextual()) {
        throw new IllegalArgumentException(
            "namespace option \"channellessRecv\" must be \"all\" or \"default\", got " + mode);
      }
      builder.channellessRecv(ChannellessRecv.parse(mode.textValue()));
    }
    JsonNode waf = present(json, "waf");
    if (waf != null) {
      if (!waf.isBoolean()) {
        throw new IllegalArgumentException(
            "namespace option \"waf\" must be true or false, got " + waf);
      }
      builder.waf(waf.booleanValue());
    }
    JsonNode token = present(json, "token");
    if (token != null) {
      if (!token.isTextual() || token.textValue().isEmpty()) {
        throw new IllegalArgumentException(
            "namespace option \"token\" must be a non-empty string, or absent for none");
      }
      if (BearerTokens.problem(token.textValue()) != null) {
        throw new IllegalArgumentException(
            "namespace option \"token\" " + BearerTokens.problem(token.textValue()));
      }
      builder.token(token.textValue());
    }
    Integer maxQueue = positiveInt(json, "maxQueue");
    if (maxQueue != null) {
      builder.maxQueue(maxQueue);
    }
    Integer journalLimit = positiveInt(json, "journalLimit");
    if (journalLimit != null) {
      builder.journalLimit(journalLimit);
    }
    JsonNode timeout = present(json, "recvTimeout");
    if (timeout != null) {
      BigDecimal seconds = timeout.isNumber() ? timeout.decimalValue() : null;
      if (seconds == null
          || seconds.signum() <= 0
          || seconds.compareTo(MAX_RECV_TIMEOUT_SECONDS) > 0
          || seconds.scale() > 9) {
        throw new IllegalArgumentException(
            "namespace option \"recvTimeout\" must be a number of seconds, more than 0 and at most"
                + " 86400, got "
                + timeout);
      }
      builder.recvTimeout(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
    }
    return builder.build();
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

  private static JsonNode present(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static Integer positiveInt(JsonNode json, String field) {
    JsonNode node = present(json, field);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
      throw new IllegalArgumentException(
          "namespace option \"" + field + "\" must be a positive whole number, got " + node);
    }
    return node.intValue();
  }
}
