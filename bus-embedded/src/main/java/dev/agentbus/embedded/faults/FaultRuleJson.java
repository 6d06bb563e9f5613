package dev.agentbus.embedded.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FaultRule} as the admin path {@code /_bus/faults} takes it: one JSON object such as
 * {@code {"fault": "holdBack", "every": 3, "to": "bob", "holdForMillis": 500}}. Exactly one of
 * {@code next}, {@code every} or {@code probability} (with {@code seed}) picks the sends; {@code
 * from} and {@code to} narrow them. Unknown fields are refused, so that a misspelt narrowing never
 * widens a fault to every message. Stateless and thread-safe.
 */
public final class FaultRuleJson {

  private static final Set<String> FIELDS =
      Set.of("fault", "next", "every", "probability", "seed", "from", "to", "holdForMillis");

  private static final String EXAMPLE = "e.g. {\"fault\": \"drop\", \"next\": 1, \"to\": \"bob\"}";

  private FaultRuleJson() {}

  /**
   * @param rule a rule
   * @return its JSON fields, in the order {@link #read} documents
   */
  public static Map<String, Object> write(FaultRule rule) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "fault",
        switch (rule.fault()) {
          case DROP -> "drop";
          case DUPLICATE -> "duplicate";
          case HOLD_BACK -> "holdBack";
        });
    FaultRule.Selection selection = rule.selection();
    switch (selection.kind()) {
      case NEXT -> json.put("next", selection.n());
      case EVERY -> json.put("every", selection.n());
      case PROBABILITY -> {
        json.put("probability", selection.probability());
        json.put("seed", selection.seed());
      }
    }
    if (rule.from() != null) {
      json.put("from", rule.from());
    }
    if (rule.to() != null) {
      json.put("to", rule.to());
    }
    if (rule.holdFor() != null) {
      json.put("holdForMillis", rule.holdFor().toMillis());
    }
    return json;
  }

  /**
   * @param json the rule as sent
   * @return the rule
   * @throws IllegalArgumentException naming the field, the value, the rule and the fix
   */
  public static FaultRule read(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "a fault rule must be a JSON object, got " + kind(json) + "; send " + EXAMPLE);
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + cut(name)
                + "' in a fault rule; the fields are fault, next, every, probability, seed, from,"
                + " to and holdForMillis");
      }
    }
    FaultRule.Fault fault = fault(json.get("fault"));
    int pickers =
        (json.has("next") ? 1 : 0)
            + (json.has("every") ? 1 : 0)
            + (json.has("probability") ? 1 : 0);
    if (pickers != 1) {
      throw new IllegalArgumentException(
          "a fault rule picks its sends with exactly one of next, every or probability, got "
              + pickers
              + "; send one, "
              + EXAMPLE);
    }
    if (json.has("seed") != json.has("probability")) {
      throw new IllegalArgumentException(
          "seed goes with probability and only with it; send both, e.g. {\"probability\": 0.25,"
              + " \"seed\": 42}, so that a run reproduces");
    }
    FaultRule.Selection selection;
    if (json.has("next")) {
      selection = FaultRule.Selection.next(count("next", json.get("next")));
    } else if (json.has("every")) {
      selection = FaultRule.Selection.every(count("every", json.get("every")));
    } else {
      JsonNode probability = json.get("probability");
      if (!probability.isNumber()) {
        throw new IllegalArgumentException(
            "probability must be a number from 0 to 1, got " + kind(probability));
      }
      JsonNode seed = json.get("seed");
      if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
        throw new IllegalArgumentException(
            "seed must be a whole number that fits in 64 bits, got " + kind(seed));
      }
      selection = FaultRule.Selection.withProbability(probability.asDouble(), seed.asLong());
    }
    Duration holdFor = null;
    if (json.has("holdForMillis")) {
      JsonNode millis = json.get("holdForMillis");
      if (!millis.isIntegralNumber() || !millis.canConvertToLong()) {
        throw new IllegalArgumentException(
            "holdForMillis must be a whole number of milliseconds, got " + kind(millis));
      }
      holdFor = Duration.ofMillis(millis.asLong());
    } else if (fault == FaultRule.Fault.HOLD_BACK) {
      throw new IllegalArgumentException(
          "a holdBack rule needs holdForMillis, how long the message stays invisible; send e.g."
              + " {\"fault\": \"holdBack\", \"next\": 1, \"holdForMillis\": 500}");
    }
    return new FaultRule(
        fault, selection, agent("from", json.get("from")), agent("to", json.get("to")), holdFor);
  }

  private static FaultRule.Fault fault(JsonNode node) {
    String name = node != null && node.isTextual() ? node.asText() : null;
    if ("drop".equals(name)) {
      return FaultRule.Fault.DROP;
    }
    if ("duplicate".equals(name)) {
      return FaultRule.Fault.DUPLICATE;
    }
    if ("holdBack".equals(name)) {
      return FaultRule.Fault.HOLD_BACK;
    }
    throw new IllegalArgumentException(
        "fault must be \"drop\", \"duplicate\" or \"holdBack\", got "
            + (node == null ? "none" : kind(node))
            + "; name what happens to the messages picked");
  }

  private static int count(String field, JsonNode node) {
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.asInt() < 1
        || node.asInt() > FaultRule.MAX_COUNT) {
      throw new IllegalArgumentException(
          field
              + " must be a whole number from 1 to "
              + FaultRule.MAX_COUNT
              + ", got "
              + kind(node)
              + "; give a count of sends");
    }
    return node.asInt();
  }

  private static String agent(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(
          field + " must be an agent's name as a string, got " + kind(node));
    }
    return node.asText();
  }

  /** What a JSON value is, for a refusal: its text, cut, or its kind. */
  private static String kind(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    if (node.isValueNode()) {
      return cut(node.toString());
    }
    return "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String cut(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
