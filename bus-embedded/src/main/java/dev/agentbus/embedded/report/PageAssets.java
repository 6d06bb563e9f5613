package dev.agentbus.embedded.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The style sheet and script every report page inlines, read once from the jar, with the hashes a
 * Content-Security-Policy names them by: the page runs its own code and nothing else.
 */
final class PageAssets {

  static final String CSS = read("report.css");
  static final String JS = read("report.js");
  static final String INDEX_CSS = read("index.css");

  private PageAssets() {}

  /**
   * @param connect the sources the page may fetch from, e.g. {@code 'self'} or {@code 'none'}
   * @param style the inline style sheet the page carries
   * @param script the inline script, or {@code null} for a page without one
   * @return the policy
   */
  static String policy(String connect, String style, String script) {
    return "default-src 'none'; script-src "
        + (script == null ? "'none'" : "'" + hash(script) + "'")
        + "; style-src '"
        + hash(style)
        + "'; img-src data:; connect-src "
        + connect
        + "; base-uri 'none'; form-action 'none'";
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String read(String name) {
    try (InputStream in = PageAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the agent-bus jar: rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
