package dev.agentbus.samples.team;

import dev.agentbus.client.protocol.BusMessage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reviews what a planner puts together: {@code REVIEW <task> primes below <n>: <count> primes}. It
 * counts again by itself and answers {@code APPROVED <task>} or {@code CHANGES <task>: ...}.
 */
public final class Reviewer extends TeamAgent {

  private static final Pattern REVIEW =
      Pattern.compile("REVIEW (\\S+) primes below (\\d+): (\\d+) primes");

  private Reviewer(Map<String, String> environment) {
    super(environment);
  }

  /**
   * @param environment {@code AGENT_BUS_*} and {@code AGENT_NAME}
   * @return the reviewer, not yet listening
   */
  public static Reviewer fromEnvironment(Map<String, String> environment) {
    return new Reviewer(environment);
  }

  /**
   * Runs a reviewer until the process is stopped.
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    runUntilStopped(fromEnvironment(System.getenv()));
  }

  @Override
  protected void handle(BusMessage message) {
    Matcher review = REVIEW.matcher(message.msg().strip());
    if (!review.matches()) {
      bus().send(message.from(), "REFUSED not a review request: " + message.msg());
      return;
    }
    String task = review.group(1);
    int expected = Primes.between(2, Integer.parseInt(review.group(2))).length;
    int claimed = Integer.parseInt(review.group(3));
    bus()
        .send(
            message.from(),
            claimed == expected
                ? "APPROVED " + task
                : "CHANGES " + task + ": " + claimed + " primes claimed, " + expected + " counted");
  }
}
