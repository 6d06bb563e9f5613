package dev.agentbus.junit5;

import dev.agentbus.embedded.journal.MessageSent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which sent messages an assertion or an await is about: {@code Sent.by("alice").to("bob")
 * .containing("ping")}. A part left out matches anything. Immutable.
 *
 * @param from the sender, or {@code null} for any
 * @param to the recipient, or {@code null} for any
 * @param channel the channel the message landed on, or {@code null} for any
 * @param containing text the body contains, or {@code null} for any
 */
public record Sent(String from, String to, String channel, String containing)
    implements Predicate<MessageSent> {

  /**
   * @return a matcher for every message
   */
  public static Sent any() {
    return new Sent(null, null, null, null);
  }

  /**
   * @param sender the sender
   * @return a matcher for the messages {@code sender} sent
   */
  public static Sent by(String sender) {
    return any().withFrom(sender);
  }

  /**
   * @param recipient the recipient
   * @return this matcher, narrowed to messages for {@code recipient}
   */
  public Sent to(String recipient) {
    return new Sent(from, recipient, channel, containing);
  }

  /**
   * @param channelName the channel, e.g. {@code "default"}
   * @return this matcher, narrowed to messages that landed on that channel
   */
  public Sent on(String channelName) {
    return new Sent(from, to, channelName, containing);
  }

  /**
   * @param text a piece of the body
   * @return this matcher, narrowed to messages whose body contains {@code text}
   */
  public Sent containing(String text) {
    return new Sent(from, to, channel, text);
  }

  private Sent withFrom(String sender) {
    return new Sent(sender, to, channel, containing);
  }

  @Override
  public boolean test(MessageSent message) {
    return score(message) == parts();
  }

  /** How many of the given parts the message matches: ranks the nearest misses in a failure. */
  int score(MessageSent message) {
    int score = 0;
    score += from != null && from.equals(message.from()) ? 1 : 0;
    score += to != null && to.equals(message.to()) ? 1 : 0;
    score += channel != null && channel.equals(message.channel()) ? 1 : 0;
    score += containing != null && message.msg().contains(containing) ? 1 : 0;
    return score;
  }

  private int parts() {
    int parts = 0;
    for (String part : new String[] {from, to, channel, containing}) {
      parts += part == null ? 0 : 1;
    }
    return parts;
  }

  /**
   * @return the matcher in words: {@code a message from alice to bob containing "ping"}
   */
  @Override
  public String toString() {
    List<String> words = new ArrayList<>();
    words.add("a message");
    if (from != null) {
      words.add("from " + from);
    }
    if (to != null) {
      words.add("to " + to);
    }
    if (channel != null) {
      words.add("on channel " + channel);
    }
    if (containing != null) {
      words.add("containing \"" + containing + "\"");
    }
    return String.join(" ", words);
  }
}
