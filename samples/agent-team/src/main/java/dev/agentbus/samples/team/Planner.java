package dev.agentbus.samples.team;

import dev.agentbus.client.payload.ChunkAssembler;
import dev.agentbus.client.payload.FileReference;
import dev.agentbus.client.protocol.BusMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes a task ({@code TASK primes below <n>}) from any agent, splits it into one {@link WorkItem}
 * per worker, puts the results together (inline, chunked or by file reference: see {@link Worker}),
 * has the reviewer check the count, and answers the requester with {@code DONE <task>: <count>
 * primes below <n>, approved by <reviewer>} or {@code FAILED <task>: <why>}.
 *
 * <p>Configured by {@code AGENT_TEAM_WORKERS} (comma-separated names) and {@code
 * AGENT_TEAM_REVIEWER} besides the bus's variables. All state is touched by the listener's thread
 * only.
 */
public final class Planner extends TeamAgent {

  private static final Pattern TASK = Pattern.compile("TASK primes below (\\d+)");
  private static final Pattern VERDICT =
      Pattern.compile("(APPROVED|CHANGES) (\\S+)(.*)", Pattern.DOTALL);

  private final List<String> workers;
  private final String reviewer;
  private final ChunkAssembler chunks = new ChunkAssembler();
  private final Map<String, Task> tasks = new HashMap<>();
  private int taskCount;

  /** A task in flight: who asked, its items, and the results in so far. */
  private static final class Task {
    final String id;
    final String requester;
    final int below;
    final Map<String, WorkItem> items = new LinkedHashMap<>();
    final Map<String, int[]> results = new HashMap<>();

    Task(String id, String requester, int below) {
      this.id = id;
      this.requester = requester;
      this.below = below;
    }

    int count() {
      return results.values().stream().mapToInt(primes -> primes.length).sum();
    }
  }

  private Planner(Map<String, String> environment) {
    super(environment);
    this.workers = List.of(required(environment, "AGENT_TEAM_WORKERS").split("\\s*,\\s*"));
    this.reviewer = required(environment, "AGENT_TEAM_REVIEWER");
  }

  /**
   * @param environment {@code AGENT_BUS_*}, {@code AGENT_NAME}, {@code AGENT_TEAM_WORKERS} and
   *     {@code AGENT_TEAM_REVIEWER}
   * @return the planner, not yet listening
   * @throws IllegalStateException naming a missing variable
   */
  public static Planner fromEnvironment(Map<String, String> environment) {
    return new Planner(environment);
  }

  /**
   * Runs a planner until the process is stopped.
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    runUntilStopped(fromEnvironment(System.getenv()));
  }

  @Override
  protected void handle(BusMessage message) {
    String msg = message.msg();
    Matcher task = TASK.matcher(msg.strip());
    Matcher verdict = VERDICT.matcher(msg.strip());
    if (task.matches()) {
      plan(message.from(), Integer.parseInt(task.group(1)));
    } else if (message.from().equals(reviewer) && verdict.matches()) {
      conclude(verdict.group(2), verdict.group(1).equals("APPROVED"), verdict.group(3));
    } else if (msg.startsWith("RESULT ")) {
      String[] headerAndNumbers = msg.split("\n", 2);
      collect(
          headerAndNumbers[0].substring("RESULT ".length()).strip(),
          headerAndNumbers.length > 1 ? headerAndNumbers[1] : "");
    } else {
      Optional<FileReference> file = FileReference.parse(msg);
      if (file.isPresent()) {
        String name = file.get().path().getFileName().toString();
        collect(
            name.replaceFirst("\\.txt$", ""),
            new String(file.get().fetch(), StandardCharsets.UTF_8));
      } else {
        chunks
            .accept(message.from(), msg)
            .ifPresent(payload -> collect(payload.tag(), payload.text()));
      }
    }
  }

  private void plan(String requester, int below) {
    Task task = new Task("task-" + ++taskCount, requester, below);
    tasks.put(task.id, task);
    int from = 2;
    for (int i = 0; i < workers.size(); i++) {
      int to = i == workers.size() - 1 ? below : from + (below - 2) / workers.size();
      WorkItem item = new WorkItem(task.id + "." + (i + 1), from, Math.max(from, to));
      task.items.put(item.id(), item);
      bus().send(workers.get(i), item.toMessage());
      from = item.to();
    }
  }

  private void collect(String itemId, String text) {
    Task task = tasks.get(itemId.replaceFirst("\\.\\d+$", ""));
    WorkItem item = task == null ? null : task.items.get(itemId);
    if (item == null || task.results.containsKey(itemId)) {
      return; // not ours, or a result already in: nothing to do twice
    }
    int[] primes = Primes.parse(text);
    if (Arrays.stream(primes).anyMatch(n -> n < item.from() || n >= item.to())) {
      fail(
          task,
          "the result of "
              + itemId
              + " holds numbers outside ["
              + item.from()
              + ", "
              + item.to()
              + ")");
      return;
    }
    task.results.put(itemId, primes);
    if (task.results.size() == task.items.size()) {
      bus()
          .send(
              reviewer,
              "REVIEW "
                  + task.id
                  + " primes below "
                  + task.below
                  + ": "
                  + task.count()
                  + " primes");
    }
  }

  private void conclude(String taskId, boolean approved, String remarks) {
    Task task = tasks.get(taskId);
    if (task == null) {
      return;
    }
    if (approved) {
      tasks.remove(taskId);
      bus()
          .send(
              task.requester,
              "DONE "
                  + task.id
                  + ": "
                  + task.count()
                  + " primes below "
                  + task.below
                  + ", approved by "
                  + reviewer);
    } else {
      fail(task, "the reviewer asked for changes" + remarks);
    }
  }

  private void fail(Task task, String why) {
    tasks.remove(task.id);
    bus().send(task.requester, "FAILED " + task.id + ": " + why);
  }

  private static String required(Map<String, String> environment, String name) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set: the planner needs it, e.g. " + name + "=" + example(name));
    }
    return value.strip();
  }

  private static String example(String name) {
    return name.equals("AGENT_TEAM_WORKERS") ? "worker-a,worker-b" : "reviewer";
  }
}
