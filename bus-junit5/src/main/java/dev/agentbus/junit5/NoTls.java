package dev.agentbus.junit5;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context for an {@link HttpClient} that only ever speaks plain {@code http://}: the one the
 * extension shares for a bus it starts itself, on 127.0.0.1. Without a context of its own, building
 * an {@code HttpClient} loads the JVM's default one (the JSSE provider, its key and trust managers
 * and the CA certificates), which costs a fresh JVM hundreds of milliseconds and is never used on
 * {@code http://}. This one sets nothing up, and an {@code https://} request through it fails at
 * once, naming why, instead of going out unverified.
 */
final class NoTls {

  private static final String REFUSAL =
      "this HttpClient serves the bus the tests started on http://127.0.0.1 and has no TLS set"
          + " up: an https:// URL cannot go through it. Build your own HttpClient for https://.";

  private NoTls() {}

  /**
   * @return a builder with this context and empty TLS parameters, so that nothing asks the JVM for
   *     its default context
   */
  static HttpClient.Builder httpClientBuilder() {
    return HttpClient.newBuilder()
        .sslContext(new SSLContext(new RefusingSpi(), null, "none") {})
        .sslParameters(new SSLParameters());
  }

  /** Answers the client's questions at construction; refuses every TLS connection. */
  private static final class RefusingSpi extends SSLContextSpi {
    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw new IllegalStateException(REFUSAL);
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return new SSLParameters();
    }
  }
}
