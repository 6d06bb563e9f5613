package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The HttpClient the extension shares among a run's agents: plain http:// for the bus it starts on
 * loopback (no TLS set up, so none loaded), the JVM's own TLS for a bus named by URL.
 */
class SharedHttpClientTlsTest {

  @Test
  void theEmbeddedBusClientServesPlainHttpAndRefusesHttpsNamingWhy() throws Exception {
    try (BusResource bus = BusResource.embedded()) {
      URI healthz = URI.create(bus.connection().url() + "/healthz");
      HttpResponse<Void> plain =
          bus.http()
              .send(
                  HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(plain.statusCode()).isEqualTo(200);

      URI https = URI.create(healthz.toString().replaceFirst("^http:", "https:"));
      assertThatThrownBy(
              () ->
                  bus.http()
                      .send(
                          HttpRequest.newBuilder(https).timeout(Duration.ofSeconds(10)).build(),
                          HttpResponse.BodyHandlers.discarding()))
          .rootCause()
          .hasMessageContaining("has no TLS set up")
          .hasMessageContaining("Build your own HttpClient for https://");
    }
  }

  @Test
  void aBusNamedByUrlIsReachedWithTheJvmsDefaultTls() throws Exception {
    try (BusResource bus = BusResource.remote(URI.create("https://127.0.0.1:1"), null)) {
      assertThat(bus.http().sslContext()).isSameAs(SSLContext.getDefault());
    }
  }
}
