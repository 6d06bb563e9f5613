package dev.agentbus.junit5;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The {@link FaultProxy} on WireMock: one server on 127.0.0.1 and a free port, with one stub that
 * proxies every request under the namespace's path to the bus, and a transformer that asks the
 * test's {@link WireFaultRules} about each request and swaps the proxying for the fault. The only
 * class of the extension that touches WireMock, loaded only once {@link FaultProxies} found it.
 */
final class WireMockFaultProxy implements FaultProxy {

  /** Threads for requests in flight: each parked long-poll holds one while it is proxied. */
  private static final int THREADS = 50;

  /** Above any long-poll the bus holds (30 s by default) and any fault's delay. */
  private static final int PROXY_TIMEOUT_MILLIS = (int) WireRule.MAX_DURATION.toMillis() + 60_000;

  private final WireMockServer server;
  private final URI url;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WireMockFaultProxy(WireMockServer server, URI url) {
    this.server = server;
    this.url = url;
  }

  /**
   * Starts a proxy in front of one namespace.
   *
   * @param namespace the namespace's URL on the bus
   * @param rules what to do to its requests
   * @return the running proxy
   */
  static FaultProxy start(URI namespace, WireFaultRules rules) {
    String path = namespace.getRawPath().replaceAll("/+$", "");
    URI origin = namespace.resolve("/");
    WireMockServer server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(THREADS)
                .proxyTimeout(PROXY_TIMEOUT_MILLIS)
                .jettyIdleTimeout((long) PROXY_TIMEOUT_MILLIS)
                .disableRequestJournal()
                // The bus sees the agent's own User-Agent, as without the proxy: its firewall
                // emulation judges it, and the journal records it.
                .preserveUserAgentProxyHeader(true)
                .mappingSource(new NoMappings())
                .notifier(new Silent())
                .extensions(new Injector(path, rules), new BrokenUpstream()));
    server.start();
    try {
      server.stubFor(
          any(urlPathMatching(Pattern.quote(path) + "/.*"))
              .willReturn(aResponse().proxiedFrom(origin.toString().replaceAll("/$", ""))));
      return new WireMockFaultProxy(server, URI.create("http://127.0.0.1:" + server.port() + path));
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
  }

  @Override
  public URI url() {
    return url;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop();
    }
  }

  /** Decides, once per request, whether it goes to the bus untouched or gets a fault. */
  private static final class Injector implements ResponseDefinitionTransformerV2 {

    private final String namespacePath;
    private final WireFaultRules rules;

    Injector(String namespacePath, WireFaultRules rules) {
      this.namespacePath = namespacePath;
      this.rules = rules;
    }

    @Override
    public String getName() {
      return "agent-bus-faults";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      ResponseDefinition proxied = event.getResponseDefinition();
      if (!proxied.isProxyResponse()) {
        return proxied; // outside the namespace: WireMock's own 404
      }
      Optional<WireFault> fault = rules.decide(wireRequest(event.getRequest()));
      return fault.map(f -> respond(f, proxied)).orElse(proxied);
    }

    private WireRequest wireRequest(Request request) {
      String url = request.getUrl();
      int query = url.indexOf('?');
      String path = (query < 0 ? url : url.substring(0, query)).substring(namespacePath.length());
      String method = request.getMethod().getName();
      String agent = null;
      if (path.equals("/recv")) {
        QueryParameter to = request.queryParameter("to");
        agent = to.isPresent() ? to.firstValue() : null;
      } else if (path.equals("/send") && method.equals("POST")) {
        agent = sender(request.getBodyAsString());
      }
      return new WireRequest(method, path, agent, request.getHeader("User-Agent"));
    }

    private static String sender(String body) {
      try {
        JsonNode from = ProtocolJson.readTree(body).get("from");
        return from != null && from.isTextual() ? from.textValue() : null;
      } catch (IOException | RuntimeException e) {
        return null; // not the protocol's body: the bus refuses it, and it names no agent
      }
    }

    private static ResponseDefinition respond(WireFault fault, ResponseDefinition proxied) {
      return switch (fault.kind()) {
        case CONNECTION_RESET -> broken(Fault.CONNECTION_RESET_BY_PEER);
        case EMPTY_RESPONSE -> broken(Fault.EMPTY_RESPONSE);
        case MALFORMED_RESPONSE -> broken(Fault.MALFORMED_RESPONSE_CHUNK);
        case RANDOM_DATA_THEN_CLOSE -> broken(Fault.RANDOM_DATA_THEN_CLOSE);
        case DELAY ->
            ResponseDefinitionBuilder.like(proxied)
                .withFixedDelay((int) fault.duration().toMillis())
                .build();
        case DRIBBLE ->
            ResponseDefinitionBuilder.like(proxied)
                .withChunkedDribbleDelay(WireRule.DRIBBLE_CHUNKS, (int) fault.duration().toMillis())
                .build();
        case STATUS -> status(fault);
        case FIREWALL_BLOCK ->
            ResponseDefinitionBuilder.responseDefinition()
                .withStatus(403)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody(FaultAnswers.FIREWALL_PAGE)
                .build();
      };
    }

    private static ResponseDefinition broken(Fault fault) {
      return ResponseDefinitionBuilder.responseDefinition().withFault(fault).build();
    }

    private static ResponseDefinition status(WireFault fault) {
      ResponseDefinitionBuilder answer =
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(fault.status())
              .withHeader("Content-Type", "application/json")
              .withBody(FaultAnswers.errorBody(fault));
      if (fault.asksToWait()) {
        answer.withHeader("Retry-After", Long.toString(WireFault.RETRY_AFTER.toSeconds()));
      }
      return answer.build();
    }
  }

  /**
   * A connection the bus broke (a restart cuts parked polls and refuses requests that way) reaches
   * the agent broken, as it would without the proxy, instead of as WireMock's own 500 about a
   * network failure, which a client would take for an answer from something in front of the bus.
   */
  private static final class BrokenUpstream implements ResponseTransformerV2 {

    private static final String PROXY_FAILURE = "Network failure trying to make a proxied request";

    @Override
    public String getName() {
      return "agent-bus-broken-upstream";
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
      if (response.getStatus() == 500 && response.getBodyAsString().startsWith(PROXY_FAILURE)) {
        return Response.Builder.like(response).but().fault(Fault.CONNECTION_RESET_BY_PEER).build();
      }
      return response;
    }
  }

  /**
   * No stubs from files: WireMock would otherwise load any {@code mappings} folder it finds under
   * the working directory, such as a user's own WireMock stubs.
   */
  private static final class NoMappings implements MappingsSource {

    @Override
    public void loadMappingsInto(StubMappings stubMappings) {}

    @Override
    public void save(List<StubMapping> stubMappings) {}

    @Override
    public void save(StubMapping stubMapping) {}

    @Override
    public void remove(StubMapping stubMapping) {}

    @Override
    public void removeAll() {}
  }

  /**
   * WireMock's notes: the connections the faults break are the point, not news; the test's traffic
   * and {@link BusFaults#injected()} say what happened.
   */
  private static final class Silent implements Notifier {

    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {}

    @Override
    public void error(String message, Throwable t) {}
  }
}
