package dev.agentbus.samples.team;

import dev.agentbus.client.protocol.BusMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Does the work items a planner sends ({@link WorkItem}) and answers with the result, in the form
 * its size calls for:
 *
 * <ul>
 *   <li>up to {@value #INLINE_LIMIT} characters: one message, {@code RESULT <id>} and the numbers;
 *   <li>larger, on a worker that shares a folder with the planner ({@code AGENT_TEAM_SHARED_DIR}):
 *       the result is written there as {@code <id>.txt} and sent as a file reference ({@code FILE
 *       sha256=... size=... path=...});
 *   <li>larger, on a worker that shares nothing: in chunks tagged with the item's id (gzip, base64,
 *       {@code <id> i/n sha=...}), which the planner puts together.
 * </ul>
 *
 * Anything that is not a work item is answered with a {@code REFUSED} line, so that the sender
 * learns about it instead of waiting.
 */
public final class Worker extends TeamAgent {

  /** The largest result, in characters, sent in one message. */
  public static final int INLINE_LIMIT = 4_000;

  private final Path sharedFolder;

  private Worker(Map<String, String> environment) {
    super(environment);
    String shared = environment.get("AGENT_TEAM_SHARED_DIR");
    this.sharedFolder = shared == null || shared.isBlank() ? null : Path.of(shared);
  }

  /**
   * @param environment {@code AGENT_BUS_*} and {@code AGENT_NAME}, and optionally {@code
   *     AGENT_TEAM_SHARED_DIR}, a folder the planner reads too
   * @return the worker, not yet listening
   */
  public static Worker fromEnvironment(Map<String, String> environment) {
    return new Worker(environment);
  }

  /**
   * Runs a worker until the process is stopped.
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    runUntilStopped(fromEnvironment(System.getenv()));
  }

  @Override
  protected void handle(BusMessage message) {
    WorkItem.parse(message.msg())
        .ifPresentOrElse(
            item ->
                deliver(message.from(), item, Primes.text(Primes.between(item.from(), item.to()))),
            () -> bus().send(message.from(), "REFUSED not a work item: " + message.msg()));
  }

  private void deliver(String planner, WorkItem item, String result) {
    if (result.length() <= INLINE_LIMIT) {
      bus().send(planner, "RESULT " + item.id() + "\n" + result);
    } else if (sharedFolder != null) {
      bus().sendFile(planner, write(item.id() + ".txt", result));
    } else {
      bus().sendChunked(planner, item.id(), result.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Written aside and moved into place, so that the planner never reads half a file. */
  private Path write(String fileName, String content) {
    try {
      Files.createDirectories(sharedFolder);
      Path partial = Files.createTempFile(sharedFolder, fileName, ".part");
      Files.writeString(partial, content, StandardCharsets.UTF_8);
      return Files.move(
          partial,
          sharedFolder.resolve(fileName),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + fileName + " to " + sharedFolder, e);
    }
  }
}
