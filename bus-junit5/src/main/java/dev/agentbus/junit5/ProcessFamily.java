package dev.agentbus.junit5;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An agent process and every process it starts, killed together.
 *
 * <p>Listing a process's descendants and killing them misses two kinds: a child whose parent exits
 * first (it is handed to another parent and is nobody's descendant any more), and a child started
 * after the list was taken (by a TERM handler, say). So where the {@code setsid} utility exists
 * (Linux), the agent is started through it, in a session and process group of its own whose id is
 * the agent's pid. Its children stay in that group whatever becomes of their parents, and one
 * signal to the group reaches each of them at once. Where the process table is readable ({@code
 * /proc}), the group's and the session's members are also listed, to kill those that moved to a
 * group of their own and to make sure that nothing is left. Elsewhere (macOS, Windows), the
 * descendants are listed and killed, again after each kill, until none is left.
 *
 * <p>A group of its own also means that Ctrl-C in a terminal no longer reaches the agent with the
 * test JVM; {@link AgentProcess} kills the family from a shutdown hook for that.
 *
 * <p>Thread-safe; {@link #kill} may run on several threads at once.
 */
final class ProcessFamily {

  /** How long the family gets to end after TERM before it is killed. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** How often it is listed and killed again when something survives KILL. */
  private static final int KILL_ROUNDS = 5;

  private static final Duration ROUND_WAIT = Duration.ofSeconds(1);
  private static final Duration SIGNAL_WAIT = Duration.ofSeconds(2);
  private static final Path PROC = Path.of("/proc");

  private final Process leader;
  private final boolean ownGroup;

  private ProcessFamily(Process leader, boolean ownGroup) {
    this.leader = leader;
    this.ownGroup = ownGroup;
  }

  /**
   * Starts the builder's command, in a session and group of its own where {@code setsid} exists.
   * When the program itself cannot be found, it is started as given, so that the error is Java's
   * own {@code IOException}.
   */
  static ProcessFamily start(ProcessBuilder builder) throws IOException {
    List<String> command = builder.command();
    Optional<Path> setsid = onPath("setsid");
    if (setsid.isEmpty() || command.isEmpty() || !runnable(command.get(0))) {
      return new ProcessFamily(builder.start(), false);
    }
    List<String> inSession = new ArrayList<>(command.size() + 1);
    inSession.add(setsid.get().toString());
    inSession.addAll(command);
    // A child of the JVM never leads a process group, so setsid makes it the leader of a new
    // session and group in place, without a fork: its pid stays the agent's and the group's id.
    return new ProcessFamily(builder.command(inSession).start(), true);
  }

  Process leader() {
    return leader;
  }

  /**
   * Kills the family: TERM to all, then, for what is left after the grace period, KILL, listed and
   * sent again until nothing is left, a few rounds at most.
   *
   * @param grace how long the family gets to end after TERM
   * @return the processes still running at the end: empty when all are gone
   */
  List<ProcessHandle> kill(Duration grace) {
    signal(false);
    awaitGone(grace);
    for (int round = 0; round < KILL_ROUNDS && !alive().isEmpty(); round++) {
      signal(true);
      awaitGone(ROUND_WAIT);
    }
    return List.copyOf(alive());
  }

  /** Sends KILL to all at once, without waiting: for a JVM that is shutting down. */
  void killNow() {
    signal(true);
  }

  private void signal(boolean force) {
    Set<ProcessHandle> members = members();
    if (groupIsOurs()) {
      // first, so that it also reaches what is started between the listing and the signals below
      signalGroup(force ? "KILL" : "TERM");
    }
    for (ProcessHandle member : members) {
      if (force) {
        member.destroyForcibly();
      } else {
        member.destroy();
      }
    }
    // Through its handle: Process.destroy() would also close its output, and lose what it printed
    // on its way out.
    if (force) {
      leader.toHandle().destroyForcibly();
    } else {
      leader.toHandle().destroy();
    }
  }

  /** Waits, woken by each exit, until nothing of the family runs or the timeout passes. */
  private void awaitGone(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<ProcessHandle> alive = alive();
      long left = deadline - System.nanoTime();
      if (alive.isEmpty() || left <= 0) {
        return;
      }
      try {
        CompletableFuture.anyOf(
                alive.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
            .get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // listed again above; the deadline ends the loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The family's processes that still run, the agent included. */
  private Set<ProcessHandle> alive() {
    Set<ProcessHandle> alive = members();
    if (leader.isAlive()) {
      alive.add(leader.toHandle());
    }
    return alive;
  }

  /**
   * The agent's running descendants and, where the process table is readable, every running process
   * of its group or session: also those whose parent has gone.
   */
  private Set<ProcessHandle> members() {
    Set<ProcessHandle> members = new LinkedHashSet<>();
    leader.descendants().filter(ProcessFamily::running).forEach(members::add);
    if (groupIsOurs() && Files.isDirectory(PROC)) {
      long id = leader.pid();
      try (DirectoryStream<Path> table = Files.newDirectoryStream(PROC, "[0-9]*")) {
        for (Path entry : table) {
          Stat stat = Stat.read(entry.resolve("stat"));
          if (stat != null && !stat.zombie() && (stat.group() == id || stat.session() == id)) {
            ProcessHandle.of(stat.pid()).ifPresent(members::add);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // the table is unreadable after all: the signal to the group still reaches its members
      }
    }
    members.remove(leader.toHandle());
    members.remove(ProcessHandle.current());
    return members;
  }

  /**
   * Whether the group whose id is the agent's pid is the agent's. Once the agent has ended and been
   * reaped, its pid may be given to a new process; the group keeps its id only as long as it has
   * members, and while it has, no new process can get that pid. So a live process with that pid
   * which is not the agent means the group is gone and the id belongs to someone else.
   */
  private boolean groupIsOurs() {
    return ownGroup && (leader.isAlive() || ProcessHandle.of(leader.pid()).isEmpty());
  }

  private void signalGroup(String signal) {
    // The shell's own kill: no Java API signals a group, and a kill program may be missing.
    ProcessBuilder kill =
        new ProcessBuilder(
                "sh", "-c", "kill -s \"$1\" -- \"-$2\"", "sh", signal, Long.toString(leader.pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process killer = kill.start();
      killer.getOutputStream().close();
      if (!killer.waitFor(SIGNAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        killer.destroyForcibly();
      }
    } catch (IOException e) {
      // no shell: the members listed are still signalled one by one
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a process runs; a zombie has ended and only waits for its parent to notice. */
  private static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Stat stat = Stat.read(PROC.resolve(Long.toString(process.pid())).resolve("stat"));
    return stat == null || !stat.zombie();
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null || File.separatorChar != '/') {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (!folder.isEmpty()) {
        Path candidate = Path.of(folder, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the JVM could start the program: a path to an executable, or a name on its PATH. */
  private static boolean runnable(String program) {
    if (program.contains("/")) {
      Path file = Path.of(program);
      return Files.isRegularFile(file) && Files.isExecutable(file);
    }
    return onPath(program).isPresent();
  }

  /**
   * The fields of {@code /proc/<pid>/stat} that tell a process's family.
   *
   * @param pid the process id
   * @param zombie whether it has ended and waits for its parent
   * @param group its process group id
   * @param session its session id
   */
  private record Stat(long pid, boolean zombie, long group, long session) {

    /**
     * @return the process's fields, or {@code null} when it has gone or the file is unreadable
     */
    static Stat read(Path file) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException | UncheckedIOException | SecurityException e) {
        return null;
      }
      // "pid (name) state ppid pgrp session ...": the name may hold spaces and parentheses
      int nameEnd = text.lastIndexOf(')');
      int nameStart = text.indexOf(" (");
      if (nameEnd < 0 || nameStart < 0) {
        return null;
      }
      String[] fields = text.substring(nameEnd + 2).split(" ");
      try {
        return new Stat(
            Long.parseLong(text.substring(0, nameStart)),
            fields[0].equals("Z"),
            Long.parseLong(fields[2]),
            Long.parseLong(fields[3]));
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        return null;
      }
    }
  }
}
