package dev.agentbus.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Reads an answer's body as UTF-8 text, at most {@link #MAX_BYTES} of it and only until the
 * request's deadline. The JDK's request timeout stops counting once the headers are in, and its
 * string body grows without bound, so without this a server (or a proxy in front of it) that
 * dribbles a body holds the caller for as long as it likes, and one that declares gigabytes fills
 * the heap on the shared client's selector thread, which every client of the JVM needs.
 *
 * <p>One per exchange; the Flow contract serialises the subscriber's calls.
 */
final class BoundedAnswer implements HttpResponse.BodySubscriber<String> {

  /**
   * No bus answer comes near it: a poll's answer is at most 100 messages of a 64 KiB request each.
   */
  static final int MAX_BYTES = 16 << 20;

  private final HttpResponse.BodySubscriber<String> text =
      HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
  private final CompletableFuture<String> body = new CompletableFuture<>();
  private final long deadlineNanos;
  private final Duration timeout;
  private Flow.Subscription subscription;
  private long received;

  private BoundedAnswer(long deadlineNanos, Duration timeout) {
    this.deadlineNanos = deadlineNanos;
    this.timeout = timeout;
    text.getBody()
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                body.complete(value);
              } else {
                body.completeExceptionally(failure);
              }
            });
  }

  /**
   * @param startNanos when the request began ({@link System#nanoTime()})
   * @param timeout the request's whole budget, headers and body
   * @return a handler whose bodies end in failure past the deadline or the size bound
   */
  static HttpResponse.BodyHandler<String> handler(long startNanos, Duration timeout) {
    long deadline = startNanos + timeout.toNanos();
    return info -> new BoundedAnswer(deadline, timeout);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    long remaining = deadlineNanos - System.nanoTime();
    // A timer that the body's completion cancels, so that a finished answer leaves nothing queued.
    CompletableFuture<Void> timer =
        new CompletableFuture<Void>().orTimeout(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    timer.whenComplete(
        (done, expired) -> {
          if (expired != null) {
            fail(
                new HttpTimeoutException(
                    "the answer's body did not arrive in full within the request timeout of "
                        + timeout.toMillis()
                        + " ms"));
          }
        });
    body.whenComplete((value, failure) -> timer.complete(null));
    text.onSubscribe(subscription);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer item : items) {
      received += item.remaining();
    }
    if (received > MAX_BYTES) {
      fail(
          new IOException(
              "the answer's body is larger than "
                  + (MAX_BYTES >> 20)
                  + " MiB, more than any bus answer; the rest was not read"));
      return;
    }
    text.onNext(items);
  }

  @Override
  public void onError(Throwable throwable) {
    text.onError(throwable);
  }

  @Override
  public void onComplete() {
    text.onComplete();
  }

  @Override
  public CompletionStage<String> getBody() {
    return body;
  }

  private void fail(IOException problem) {
    if (body.completeExceptionally(problem)) {
      subscription.cancel();
    }
  }
}
