package dev.agentbus.embedded.options;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every option of a server, described once: its name, the kind of value it takes and its bounds,
 * its default, what it does, and whether namespaces have it too. The builder ({@code
 * AgentBusServer.builder()}), the {@code serve} command line, the Maven plugin's parameters and the
 * namespace JSON all speak these names and parse through {@link #parse}, so that an option is
 * spelled, bounded and defaulted the same everywhere.
 *
 * <p>Each front end spells a name its own way and only that way: the builder method {@code
 * maxBodyBytes(..)}, the flag {@code --max-body-bytes} (the name in kebab case), the plugin
 * parameter {@code <maxBodyBytes>} and its user property {@code agentbus.maxBodyBytes}, the JSON
 * field {@code "maxBodyBytes"}. Immutable.
 */
public enum ServerOption {
  /** The option {@code host}. */
  HOST(
      "host",
      OptionKind.TEXT,
      0,
      0,
      "127.0.0.1",
      null,
      Scope.SERVER,
      "the address to listen on; only loopback is safe on a shared machine"),
  /** The option {@code port}. */
  PORT(
      "port",
      OptionKind.COUNT,
      0,
      65_535,
      0,
      null,
      Scope.SERVER,
      "the port to listen on; 0 lets the OS pick a free one"),
  /** The option {@code basePath}. */
  BASE_PATH(
      "basePath",
      OptionKind.PATH,
      0,
      0,
      "",
      null,
      Scope.SERVER,
      "serve the bus under this path, like a deployment at https://host/agent-bus"),
  /** The option {@code channellessRecv}. */
  CHANNELLESS_RECV(
      "channellessRecv",
      OptionKind.CHOICE,
      0,
      0,
      NamespaceOptions.DEFAULT_CHANNELLESS_RECV,
      null,
      Scope.NAMESPACE,
      "what a /recv without channel reads: all channels (the hosted bus) or only default (the"
          + " reference server)"),
  /** The option {@code waf}. */
  WAF(
      "waf",
      OptionKind.BOOLEAN,
      0,
      0,
      false,
      null,
      Scope.NAMESPACE,
      "refuse (403) requests whose User-Agent lacks Mozilla/, like the hosted bus's firewall"),
  /** The option {@code token}. */
  TOKEN(
      "token",
      OptionKind.TOKEN,
      0,
      0,
      null,
      "none",
      Scope.SERVER_AND_NAMESPACE,
      "require Authorization: Bearer <token> on every request to every namespace (401 without);"
          + " a namespace with a token of its own accepts that one too"),
  /** The option {@code maxQueue}. */
  MAX_QUEUE(
      "maxQueue",
      OptionKind.COUNT,
      1,
      Integer.MAX_VALUE,
      NamespaceOptions.DEFAULT_MAX_QUEUE,
      null,
      Scope.NAMESPACE,
      "messages kept per channel and recipient; the oldest is evicted, and journaled as such"),
  /** The option {@code recvTimeout}. */
  RECV_TIMEOUT(
      "recvTimeout",
      OptionKind.DURATION,
      0,
      0,
      NamespaceOptions.DEFAULT_RECV_TIMEOUT,
      null,
      Scope.NAMESPACE,
      "how long a blocking /recv is held before it answers empty"),
  /** The option {@code journalLimit}. */
  JOURNAL_LIMIT(
      "journalLimit",
      OptionKind.COUNT,
      1,
      Integer.MAX_VALUE,
      NamespaceOptions.DEFAULT_JOURNAL_LIMIT,
      null,
      Scope.NAMESPACE,
      "journal entries kept per namespace; the oldest are discarded beyond, and counted"),
  /** The option {@code maxBodyBytes}. */
  MAX_BODY_BYTES(
      "maxBodyBytes",
      OptionKind.BYTES,
      1,
      Integer.MAX_VALUE,
      65_536L,
      null,
      Scope.SERVER,
      "the largest /send body (413 beyond)",
      "maxBody"),
  /** The option {@code bodyReadTimeout}. */
  BODY_READ_TIMEOUT(
      "bodyReadTimeout",
      OptionKind.DURATION,
      0,
      0,
      Duration.ofSeconds(10),
      null,
      Scope.SERVER,
      "how long a request's line and headers may take to arrive (the connection is closed beyond),"
          + " and then its body (408 beyond)"),
  /** The option {@code idleTimeout}. */
  IDLE_TIMEOUT(
      "idleTimeout",
      OptionKind.DURATION,
      0,
      0,
      Duration.ofSeconds(60),
      null,
      Scope.SERVER,
      "how long a connection may stay open with no request on it (a parked poll is a request),"
          + " and an answer may wait for its client to read on"),
  /** The option {@code memoryBudget}. */
  MEMORY_BUDGET(
      "memoryBudget",
      OptionKind.BYTES,
      // below it a bus could keep next to nothing
      1 << 20,
      Long.MAX_VALUE,
      null,
      "two fifths of the heap, at most 128 MiB",
      Scope.SERVER,
      "bytes the queues and journals of all namespaces may keep together; past it the oldest"
          + " journal entries, then the oldest queued messages, are evicted (see \"Limits\")"),
  /** The option {@code maxNamespaces}. */
  MAX_NAMESPACES(
      "maxNamespaces",
      OptionKind.COUNT,
      1,
      Integer.MAX_VALUE,
      10_000,
      null,
      Scope.SERVER,
      "the most namespaces at once, not counting the root (507 beyond)"),
  /** The option {@code maxBodyBytesInFlight}. */
  MAX_BODY_BYTES_IN_FLIGHT(
      "maxBodyBytesInFlight",
      OptionKind.BYTES,
      1,
      Long.MAX_VALUE,
      null,
      "a tenth of the heap",
      Scope.SERVER,
      "bytes of /send bodies the bus holds at once while reading them (503 beyond)"),
  /** The option {@code maxAdminBytesInFlight}. */
  MAX_ADMIN_BYTES_IN_FLIGHT(
      "maxAdminBytesInFlight",
      OptionKind.BYTES,
      1,
      Long.MAX_VALUE,
      null,
      "a tenth of the heap",
      Scope.SERVER,
      "bytes of journal, traffic and transcript answers their clients have not read yet (503"
          + " beyond)"),
  /** The option {@code maxPollBytesInFlight}. */
  MAX_POLL_BYTES_IN_FLIGHT(
      "maxPollBytesInFlight",
      OptionKind.BYTES,
      1,
      Long.MAX_VALUE,
      null,
      "a tenth of the heap",
      Scope.SERVER,
      "bytes parked polls hold, their names and request heads (503 beyond)"),
  /** The option {@code maxConnections}. */
  MAX_CONNECTIONS(
      "maxConnections",
      OptionKind.COUNT,
      1,
      Integer.MAX_VALUE,
      null,
      "a tenth of the heap over 8 KiB",
      Scope.SERVER,
      "connections open at once, idle, parked or busy (503 and closed beyond)"),
  /** The option {@code ioThreads}. */
  IO_THREADS(
      "ioThreads",
      OptionKind.COUNT,
      1,
      1_024,
      null,
      "the number of cores, at least 2",
      Scope.SERVER,
      "threads that read and write the bus's connections");

  /**
   * The port the foreground front ends, {@code serve} and {@code bus:run}, listen on when none is
   * given, instead of {@link #PORT}'s default: a bus run by hand keeps its URL from one run to the
   * next, where a bus for tests takes a free port.
   */
  public static final int FOREGROUND_PORT = 8080;

  /** Whether an option is the server's alone or each namespace's too. */
  public enum Scope {
    /** One value for the whole server. */
    SERVER,
    /**
     * Each namespace has its own, a {@link NamespaceOptions} and JSON field of the same name; the
     * server's value is what namespaces get that do not give one (the root among them).
     */
    NAMESPACE,
    /**
     * The server's value holds in every namespace, and each namespace may have one of its own as
     * well, a {@link NamespaceOptions} and JSON field of the same name.
     */
    SERVER_AND_NAMESPACE
  }

  private final String optionName;
  private final OptionKind kind;
  private final long min;
  private final long max;
  private final Object defaultValue;
  private final String defaultText;
  private final Scope scope;
  private final String description;
  private final List<String> formerNames;

  ServerOption(
      String optionName,
      OptionKind kind,
      long min,
      long max,
      Object defaultValue,
      String defaultText,
      Scope scope,
      String description,
      String... formerNames) {
    this.optionName = optionName;
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.scope = scope;
    this.description = description;
    this.formerNames = List.of(formerNames);
  }

  /**
   * @return the name every front end uses, in camel case, e.g. {@code memoryBudget}
   */
  public String optionName() {
    return optionName;
  }

  /**
   * @return the kind of value the option takes
   */
  public OptionKind kind() {
    return kind;
  }

  /**
   * @return the smallest value of a count or a size in bytes; 0 for other kinds
   */
  public long min() {
    return min;
  }

  /**
   * @return the largest value of a count or a size in bytes; 0 for other kinds
   */
  public long max() {
    return max;
  }

  /**
   * @return the default as a value of the option's type, or empty when it is derived where the
   *     server runs (from the heap, the number of cores) or when there is none (no token)
   */
  public Optional<Object> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * @return the default as documented: the value as {@link #parse} reads it (e.g. {@code 64KiB},
   *     {@code 30s}), or a short description of a derived one (e.g. "two fifths of the heap")
   */
  public String defaultText() {
    return defaultText != null ? defaultText : format(defaultValue);
  }

  /**
   * @return whether namespaces have this option too
   */
  public Scope scope() {
    return scope;
  }

  /**
   * @return what the option does, in one line
   */
  public String description() {
    return description;
  }

  /**
   * @return names this option had before, which the command line and the plugin still accept with a
   *     deprecation notice
   */
  public List<String> formerNames() {
    return formerNames;
  }

  /**
   * @return what a value must be, e.g. "must be true or false"
   */
  public String rule() {
    return kind.rule(this);
  }

  /**
   * @param name an option's name, e.g. {@code memoryBudget}
   * @return the option of that name; former names are not looked up
   */
  public static Optional<ServerOption> named(String name) {
    return Arrays.stream(values()).filter(o -> o.optionName.equals(name)).findFirst();
  }

  /**
   * Reads a value as a person types it: counts and sizes as whole numbers (sizes also with a unit,
   * {@code 64KiB}, {@code 256MiB}, {@code 1GiB}, or as {@code -Xmx} takes them, {@code 256m}),
   * durations as decimal seconds or with a unit ({@code 0.5}, {@code 500ms}, {@code 30s}, {@code
   * 2m}), booleans and choices in any case.
   *
   * @param text the value as given
   * @return the value, of the type {@link ServerOption#check} accepts
   * @throws OptionException naming this option, the value and the rule
   */
  public Object parse(String text) {
    if (text == null) {
      throw new OptionException(this, null, rule());
    }
    try {
      // A token is taken as typed: a space in it is refused, not trimmed into another token.
      return kind.parse(this, kind == OptionKind.TOKEN ? text : text.strip());
    } catch (IllegalArgumentException e) {
      throw new OptionException(this, kind == OptionKind.TOKEN ? null : text, rule(e));
    }
  }

  /**
   * Checks a value given as a Java object and brings it to the option's type: an {@link Integer}
   * for counts, a {@link Long} for sizes in bytes, a {@link Duration}, a {@link Boolean}, a {@link
   * ChannellessRecv}, or a {@link String}.
   *
   * @param value the value; {@code null} stands for the default
   * @return the value, normalised (a base path gets its leading and loses its trailing slash)
   * @throws OptionException naming this option, the value and the rule
   */
  public Object check(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return kind.check(this, value);
    } catch (IllegalArgumentException e) {
      throw new OptionException(
          this, kind == OptionKind.TOKEN ? null : String.valueOf(format(value)), rule(e));
    }
  }

  /**
   * @param value a value of this option's type
   * @return the value as {@link #parse} reads it back, e.g. {@code 64KiB} or {@code 0.5s}
   */
  public String format(Object value) {
    return value == null ? "" : kind.format(value);
  }

  private String rule(IllegalArgumentException e) {
    return e.getMessage() != null ? e.getMessage() : rule();
  }
}
