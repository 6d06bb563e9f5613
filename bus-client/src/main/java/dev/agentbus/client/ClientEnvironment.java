package dev.agentbus.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a client's configuration from environment variables, as the public Python clients do. Blank
 * values count as unset; the URL is trimmed, because a stray space from a copied shell line is the
 * commonest way to break it. Stateless.
 */
final class ClientEnvironment {

  static final String URL = "AGENT_BUS_URL";

  private ClientEnvironment() {}

  static AgentBusClient.Builder builder(Map<String, String> env) {
    String url = value(env, URL);
    if (url == null) {
      throw new IllegalStateException(
          URL + " is not set: point it at the bus, e.g. http://127.0.0.1:8080");
    }
    AgentBusClient.Builder builder = AgentBusClient.builder().url(parseUrl(url));
    String name = value(env, "AGENT_NAME");
    if (name != null) {
      builder.name(name);
    }
    String channel = value(env, "AGENT_BUS_CHANNEL");
    if (channel != null) {
      builder.channel(channel);
    }
    String agent = value(env, "AGENT_BUS_UA");
    if (agent != null) {
      builder.userAgent(agent);
    }
    String token = value(env, "AGENT_BUS_TOKEN");
    if (token != null) {
      builder.bearerToken(token);
    }
    String state = value(env, "AGENT_BUS_STATE_DIR");
    if (state != null) {
      builder.stateDirectory(Path.of(state));
    }
    return builder;
  }

  /**
   * @throws IllegalStateException naming the variable, the value and the fix
   */
  static URI parseUrl(String text) {
    String url = text.strip();
    String problem = AgentBusClient.urlProblem(url);
    if (problem != null) {
      throw new IllegalStateException(
          URL + " is '" + url + "': " + problem + ", e.g. http://127.0.0.1:8080");
    }
    return URI.create(url);
  }

  static String value(Map<String, String> env, String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? null : value;
  }
}
