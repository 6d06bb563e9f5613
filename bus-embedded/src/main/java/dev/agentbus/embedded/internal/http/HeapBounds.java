package dev.agentbus.embedded.internal.http;

import static dev.agentbus.embedded.options.ServerOption.MAX_ADMIN_BYTES_IN_FLIGHT;
import static dev.agentbus.embedded.options.ServerOption.MAX_BODY_BYTES;
import static dev.agentbus.embedded.options.ServerOption.MAX_BODY_BYTES_IN_FLIGHT;
import static dev.agentbus.embedded.options.ServerOption.MAX_CONNECTIONS;
import static dev.agentbus.embedded.options.ServerOption.MAX_POLL_BYTES_IN_FLIGHT;
import static dev.agentbus.embedded.options.ServerOption.MEMORY_BUDGET;

import dev.agentbus.embedded.internal.core.MemoryBudget;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.options.OptionValues;
import dev.agentbus.embedded.options.ServerOption;
import java.util.List;

/**
 * The bounds on what the bus holds of what clients send, as given or derived from the heap, checked
 * to hold one request of the largest size: a bound too small for it would refuse that request for
 * ever while saying "retry shortly".
 *
 * @param memoryBudget what queues and journals may keep, all namespaces together
 * @param maxBodyBytesInFlight bytes of bodies being read at once
 * @param maxAdminBytesInFlight bytes of admin answers not yet read
 * @param maxPollBytesInFlight bytes parked polls hold
 * @param maxConnections connections open at once
 */
public record HeapBounds(
    long memoryBudget,
    long maxBodyBytesInFlight,
    long maxAdminBytesInFlight,
    long maxPollBytesInFlight,
    int maxConnections) {

  /**
   * Resolves each bound, given or by default, and checks that they hold the largest request.
   *
   * @param options the server's options
   * @return the bounds
   * @throws OptionException naming the bound and {@code maxBodyBytes} when they do not fit
   */
  public static HeapBounds of(OptionValues options) {
    long maxBody = options.bytes(MAX_BODY_BYTES);
    long budget = bytes(options, MEMORY_BUDGET, MemoryBudget.defaultLimit());
    // Half the budget, a namespace's share, must hold a message and its journal entry.
    long leastBudget = 10 * maxBody;
    if (budget < leastBudget) {
      throw tooSmall(
          options,
          MEMORY_BUDGET,
          budget,
          "could not keep one message of the largest size",
          leastBudget
              + " (10 times {1}, "
              + maxBody
              + ", so that half the budget, a namespace's"
              + " share, holds a message and its journal entry)");
    }
    long bodies = bytes(options, MAX_BODY_BYTES_IN_FLIGHT, defaultInFlightBytes());
    if (bodies < maxBody) {
      throw tooSmall(
          options,
          MAX_BODY_BYTES_IN_FLIGHT,
          bodies,
          "is smaller than {1}, " + maxBody + ", so a body of that size could never be read",
          Long.toString(maxBody));
    }
    return new HeapBounds(
        budget,
        bodies,
        bytes(options, MAX_ADMIN_BYTES_IN_FLIGHT, defaultInFlightBytes()),
        bytes(options, MAX_POLL_BYTES_IN_FLIGHT, defaultInFlightBytes()),
        options
            .given(MAX_CONNECTIONS)
            .map(Integer.class::cast)
            .orElseGet(HeapBounds::defaultMaxConnections));
  }

  /**
   * @return the most bytes the bus holds of what clients send, by its bounds: the memory budget
   *     plus the caps on bytes in flight, plus what the cap on connections lets idle ones hold
   */
  public long boundedBytes() {
    return memoryBudget
        + maxBodyBytesInFlight
        + maxAdminBytesInFlight
        + maxPollBytesInFlight
        + (long) maxConnections * ConnectionGate.CONNECTION_BYTES;
  }

  private static long bytes(OptionValues options, ServerOption option, long byDefault) {
    return options.given(option).map(Long.class::cast).orElse(byDefault);
  }

  private static OptionException tooSmall(
      OptionValues options, ServerOption option, long value, String rule, String least) {
    boolean given = options.given(option).isPresent();
    return new OptionException(
        List.of(option, MAX_BODY_BYTES),
        null,
        (given ? "of " + value + " bytes " : "at its default, " + option.defaultText() + ", ")
            + (given ? "" : value + " bytes, ")
            + rule,
        "give at least " + least + (given ? "" : ", or give java a larger -Xmx"));
  }

  /**
   * @return the default cap on bytes held for requests in flight, for bodies being read, admin
   *     answers being written and parked polls alike: a tenth of the largest heap, a quarter of the
   *     default memory budget, so that all of them together with the budget stay within the heap
   */
  private static long defaultInFlightBytes() {
    return Runtime.getRuntime().maxMemory() / 10;
  }

  /**
   * @return the default cap on open connections: a tenth of the largest heap, the share each cap on
   *     bytes in flight gets, divided by what an idle connection may hold at most
   */
  private static int defaultMaxConnections() {
    return (int)
        Math.max(
            1,
            Math.min(Integer.MAX_VALUE, defaultInFlightBytes() / ConnectionGate.CONNECTION_BYTES));
  }
}
