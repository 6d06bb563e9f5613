package dev.agentbus.maven;

/**
 * One breach of a traffic rule.
 *
 * @param rule the rule broken
 * @param namespace where, as {@link BuildSummary#name} spells it
 * @param diagnosis what happened, in plain words
 */
record Violation(TrafficRule rule, String namespace, String diagnosis) {

  /**
   * @return one line for a failure message
   */
  String line() {
    return rule.label() + ": [" + namespace + "] " + diagnosis;
  }
}
