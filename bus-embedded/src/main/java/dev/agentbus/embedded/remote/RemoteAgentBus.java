package dev.agentbus.embedded.remote;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.BusConnection;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.BusInfo;
import dev.agentbus.embedded.options.NamespaceConflictException;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.OptionsJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A bus running elsewhere (another JVM, {@code bus:start}, {@code java -jar agent-bus.jar serve}),
 * worked with through its admin paths exactly as an {@link dev.agentbus.embedded.AgentBusServer} is
 * in process: create namespaces with options, read their journals, wait for agents to poll, analyse
 * their traffic.
 *
 * <pre>{@code
 * RemoteAgentBus bus = RemoteAgentBus.connect(URI.create(System.getProperty("agentbus.url")));
 * try (BusNamespace ns = bus.createNamespace("it-42", NamespaceOptions.defaults())) {
 *   // run agents against ns.url(), then assert on ns.traffic()
 * }
 * }</pre>
 *
 * <p>Every call is one or a few HTTP requests; waits are long-polls that hold no thread on the bus.
 * Thread-safe; share one per bus.
 */
public final class RemoteAgentBus implements BusConnection {

  private final URI url;
  private final AdminHttp http;

  private RemoteAgentBus(Builder builder) {
    this.url = builder.url;
    this.http = new AdminHttp(builder.httpClient(), builder.token, builder.userAgent);
  }

  /**
   * @param url the bus's base URL, e.g. {@code http://127.0.0.1:8080}
   * @return a connection with no token; nothing is sent until it is used
   */
  public static RemoteAgentBus connect(URI url) {
    return builder(url).build();
  }

  /**
   * @param url the bus's base URL
   * @return a builder for a connection with a token, a User-Agent or an HTTP client of your own
   */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public URI url() {
    return url;
  }

  @Override
  public BusInfo info() {
    AdminHttp.Answer answer = http.getUninterruptibly(URI.create(url + "/_bus/info"));
    if (answer.status() != 200) {
      throw AdminHttp.refused("GET /_bus/info", answer);
    }
    return OptionsJson.readInfo(answer.json());
  }

  /**
   * @return the root namespace, with its options as {@code /_bus/info} reports them (a token is
   *     never reported)
   */
  @Override
  public BusNamespace root() {
    return new RemoteBusNamespace(http, "", url, info().options());
  }

  @Override
  public BusNamespace createNamespace(String id, NamespaceOptions options) {
    Objects.requireNonNull(options, "options");
    URI namespaceUrl = namespaceUrl(id);
    AdminHttp.Answer answer;
    try {
      answer =
          http.put(
              URI.create(namespaceUrl + "/_bus/namespace"),
              ProtocolJson.writeString(OptionsJson.write(options, true)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while creating namespace '" + id + "'", e);
    }
    return switch (answer.status()) {
      case 200, 201 -> new RemoteBusNamespace(http, id, namespaceUrl, options);
      case 409 -> throw new NamespaceConflictException(answer.error());
      case 400 -> throw new IllegalArgumentException(answer.error());
      case 507 -> throw new IllegalStateException(answer.error());
      default -> throw AdminHttp.refused("creating namespace '" + id + "'", answer);
    };
  }

  @Override
  public Optional<BusNamespace> namespace(String id) {
    URI namespaceUrl = namespaceUrl(id);
    AdminHttp.Answer answer = http.getUninterruptibly(URI.create(namespaceUrl + "/_bus/info"));
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (answer.status() != 200) {
      throw AdminHttp.refused("looking up namespace '" + id + "'", answer);
    }
    BusInfo info = OptionsJson.readInfo(answer.json());
    return Optional.of(new RemoteBusNamespace(http, id, namespaceUrl, info.options()));
  }

  private URI namespaceUrl(String id) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException(
          "namespace id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit, got '"
              + id
              + "'");
    }
    return URI.create(url + "/ns/" + id);
  }

  @Override
  public String toString() {
    return "remote agent bus at " + url;
  }

  /** Configures a {@link RemoteAgentBus}. Not thread-safe. */
  public static final class Builder {
    private final URI url;
    private String token;
    private String userAgent = BusNamespace.BROWSER_USER_AGENT + " (agent-bus admin)";
    private HttpClient httpClient;

    private Builder(URI url) {
      String text = Objects.requireNonNull(url, "url").toString().strip();
      while (text.endsWith("/")) {
        text = text.substring(0, text.length() - 1);
      }
      if (!text.startsWith("http://") && !text.startsWith("https://")) {
        throw new IllegalArgumentException(
            "the bus URL must start with http:// or https://, got '" + url + "'");
      }
      this.url = URI.create(text);
    }

    /**
     * @param token sent as {@code Authorization: Bearer <token>}; the bus's own token guards every
     *     namespace
     * @return this builder
     */
    public Builder bearerToken(String token) {
      this.token = token;
      return this;
    }

    /**
     * @param userAgent the User-Agent of admin requests; default a browser-like one
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * @param client the HTTP client to use (share one: each costs about 180 ms to build); default a
     *     new HTTP/1.1 client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    private HttpClient httpClient() {
      return httpClient != null
          ? httpClient
          : HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }

    /**
     * @return the connection; nothing is sent until it is used
     */
    public RemoteAgentBus build() {
      return new RemoteAgentBus(this);
    }
  }
}
