package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.xnio.XnioExecutor;

/**
 * Parks an admin request until something it waits for happens, holding no thread: the request is
 * woken by a one-shot callback from the bus, re-checks its condition, and answers when the
 * condition holds, the timeout passes, or the client hangs up (then it answers nothing). Everything
 * after the wake-up runs on the exchange's I/O thread, so the state needs no lock.
 */
final class ParkedAnswer {

  private final HttpServerExchange exchange;
  private final BooleanSupplier ready;
  private final Function<Runnable, Runnable> subscribe;
  private final Runnable answer;
  private final ClientDisconnectWatch watch;
  private boolean done;
  private Runnable unsubscribe = () -> {};
  private XnioExecutor.Key deadline;

  private ParkedAnswer(
      HttpServerExchange exchange,
      BooleanSupplier ready,
      Function<Runnable, Runnable> subscribe,
      Runnable answer) {
    this.exchange = exchange;
    this.ready = ready;
    this.subscribe = subscribe;
    this.answer = answer;
    this.watch = new ClientDisconnectWatch(exchange);
  }

  /**
   * Dispatches the exchange, then answers at once if {@code ready} holds, else parks it. The answer
   * always runs outside the handler's call, on the exchange's I/O thread.
   *
   * @param exchange the request
   * @param timeoutMillis the longest wait; then {@code answer} runs anyway
   * @param ready the condition; cheap, non-blocking
   * @param subscribe registers a one-shot wake-up callback with the bus and returns its
   *     unregistration
   * @param answer writes the response; runs exactly once unless the client hangs up
   */
  static void park(
      HttpServerExchange exchange,
      long timeoutMillis,
      BooleanSupplier ready,
      Function<Runnable, Runnable> subscribe,
      Runnable answer) {
    ParkedAnswer parked = new ParkedAnswer(exchange, ready, subscribe, answer);
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> parked.start(timeoutMillis));
  }

  private void start(long timeoutMillis) {
    if (ready.getAsBoolean()) {
      done = true;
      answer.run();
      return;
    }
    deadline =
        exchange.getIoThread().executeAfter(this::finish, timeoutMillis, TimeUnit.MILLISECONDS);
    watch.start(this::abandon);
    resubscribe();
  }

  private void resubscribe() {
    if (done) {
      return;
    }
    // Subscribe first, check second: a change between the two still wakes us.
    unsubscribe = subscribe.apply(() -> exchange.getIoThread().execute(this::resubscribe));
    if (ready.getAsBoolean()) {
      finish();
    }
  }

  private void finish() {
    if (done) {
      return;
    }
    stop();
    answer.run();
  }

  private void abandon() {
    if (!done) {
      stop();
    }
  }

  private void stop() {
    done = true;
    deadline.remove();
    unsubscribe.run();
    watch.stop();
  }
}
