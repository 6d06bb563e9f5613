package dev.agentbus.embedded.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The loading thread of a JVM's first bus: one per JVM, and gone once the bus has started. */
class ClassPreloadTest {

  @Test
  void onlyTheFirstBeginOfTheJvmStartsAThread() {
    ClassPreload first = ClassPreload.begin();
    first.await();

    assertThat(ClassPreload.begin().startedAThread()).isFalse();
  }

  @Test
  void awaitReturnsOnlyOnceTheLoadingThreadHasEnded() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    AtomicReference<Thread> loader = new AtomicReference<>();
    ClassPreload preload =
        ClassPreload.onItsOwnThread(
            () -> {
              loader.set(Thread.currentThread());
              running.countDown();
              // long enough that a wait that does not wait returns first
              long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
              while (System.nanoTime() < until) {
                Thread.onSpinWait();
              }
            });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    preload.await();

    assertThat(loader.get().isAlive()).isFalse();
  }
}
