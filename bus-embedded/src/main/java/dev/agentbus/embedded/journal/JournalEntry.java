package dev.agentbus.embedded.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;

/**
 * One event the bus recorded. Each entry has a sequence number, unique and increasing within its
 * namespace, and the bus time it happened at in decimal seconds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MessageSent.class, name = "sent"),
  @JsonSubTypes.Type(value = RequestRejected.class, name = "rejected"),
  @JsonSubTypes.Type(value = PollAnswered.class, name = "poll"),
  @JsonSubTypes.Type(value = MessageEvicted.class, name = "evicted"),
  @JsonSubTypes.Type(value = MessageDroppedOnPurpose.class, name = "droppedOnPurpose"),
  @JsonSubTypes.Type(value = MessageDuplicated.class, name = "duplicated"),
  @JsonSubTypes.Type(value = MessageHeldBack.class, name = "heldBack"),
  @JsonSubTypes.Type(value = MessageReleased.class, name = "released"),
  @JsonSubTypes.Type(value = MessageLostInRestart.class, name = "lostInRestart"),
  @JsonSubTypes.Type(value = NamespaceRestarted.class, name = "restarted"),
  @JsonSubTypes.Type(value = WireFaultInjected.class, name = "wire-fault")
})
public sealed interface JournalEntry
    permits MessageSent,
        RequestRejected,
        PollAnswered,
        MessageEvicted,
        MessageDroppedOnPurpose,
        MessageDuplicated,
        MessageHeldBack,
        MessageReleased,
        MessageLostInRestart,
        NamespaceRestarted,
        WireFaultInjected {

  /**
   * @return the position of this entry in its namespace's journal, from 1
   */
  long seq();

  /**
   * @return when it happened, bus time in seconds since the epoch
   */
  BigDecimal at();
}
