package dev.agentbus.client.wire;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The requests a stubbed bus received, in arrival order, with a wait that wakes on each arrival:
 * tests wait for the n-th request with a deadline instead of sleeping. Thread-safe.
 */
final class ServedRequests implements ServeEventListener {

  private final List<LoggedRequest> arrived = new ArrayList<>(); // guarded by itself

  @Override
  public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
    synchronized (arrived) {
      arrived.add(serveEvent.getRequest());
      arrived.notifyAll();
    }
  }

  @Override
  public String getName() {
    return "served-requests";
  }

  /**
   * @return the requests received so far, oldest first
   */
  List<LoggedRequest> all() {
    synchronized (arrived) {
      return List.copyOf(arrived);
    }
  }

  /**
   * Waits until at least {@code count} requests arrived.
   *
   * @return the first {@code count} requests, oldest first
   * @throws AssertionError naming what did arrive, when the deadline passes first
   */
  List<LoggedRequest> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrived) {
      while (arrived.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected "
                  + count
                  + " requests within "
                  + timeout.toMillis()
                  + " ms, the stubbed bus received "
                  + arrived.size()
                  + ": "
                  + describe(arrived));
        }
        arrived.wait(Math.max(1, Duration.ofNanos(left).toMillis()));
      }
      return List.copyOf(arrived.subList(0, count));
    }
  }

  /**
   * Waits until a request that {@code matches} arrived.
   *
   * @return the first such request
   * @throws AssertionError naming what did arrive, when the deadline passes first
   */
  LoggedRequest awaitMatching(Predicate<LoggedRequest> matches, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrived) {
      while (true) {
        for (LoggedRequest request : arrived) {
          if (matches.test(request)) {
            return request;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no request as expected within "
                  + timeout.toMillis()
                  + " ms; the stubbed bus received "
                  + arrived.size()
                  + ": "
                  + describe(arrived));
        }
        arrived.wait(Math.max(1, Duration.ofNanos(left).toMillis()));
      }
    }
  }

  private static String describe(List<LoggedRequest> requests) {
    return requests.stream()
        .map(r -> r.getMethod() + " " + r.getUrl())
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
