package dev.agentbus.maven;

/** What {@code bus:verify} can fail a build for; each is switched by its own parameter. */
enum TrafficRule {
  /** A message reached nobody because its recipient polled only other channels. */
  CHANNEL_MISMATCH("failOnChannelMismatch", "channel mismatch"),
  /** A message reached nobody for another reason: never polled, skipped, not polled again. */
  UNDELIVERED("failOnUndelivered", "undelivered"),
  /** A message was evicted (its queue full, or the memory budget) before any poll returned it. */
  EVICTED("failOnEvicted", "evicted"),
  /**
   * The journal gave up the entries of messages that no poll had returned yet: what became of them
   * can no longer be told.
   */
  DROPPED_RECORDS("failOnDroppedRecords", "dropped records"),
  /** The bus refused a request: a malformed send, a missing token, a firewall refusal. */
  REJECTED("failOnRejected", "rejected request");

  private final String parameter;
  private final String label;

  TrafficRule(String parameter, String label) {
    this.parameter = parameter;
    this.label = label;
  }

  /**
   * @return the parameter that switches it, e.g. {@code failOnChannelMismatch}
   */
  String parameter() {
    return parameter;
  }

  /**
   * @return a few words for a failure message
   */
  String label() {
    return label;
  }
}
