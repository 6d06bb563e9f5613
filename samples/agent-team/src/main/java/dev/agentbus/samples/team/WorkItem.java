package dev.agentbus.samples.team;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One piece of a task, as the planner sends it to a worker: {@code WORK <id> primes <from> <to>},
 * the range half-open.
 *
 * @param id the item's id, e.g. {@code task-1.2}: one word
 * @param from the smallest number of the range
 * @param to the first number past it
 */
public record WorkItem(String id, int from, int to) {

  private static final Pattern FORM = Pattern.compile("WORK (\\S+) primes (\\d+) (\\d+)");

  /**
   * @param msg a message body
   * @return the item it carries, if it is one
   */
  public static Optional<WorkItem> parse(String msg) {
    Matcher matcher = FORM.matcher(msg.strip());
    return matcher.matches()
        ? Optional.of(
            new WorkItem(
                matcher.group(1),
                Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3))))
        : Optional.empty();
  }

  /**
   * @return the message that assigns it
   */
  public String toMessage() {
    return "WORK " + id + " primes " + from + " " + to;
  }
}
