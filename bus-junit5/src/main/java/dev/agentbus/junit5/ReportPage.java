package dev.agentbus.junit5;

import dev.agentbus.embedded.NamespaceView;
import dev.agentbus.embedded.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's traffic as an HTML page ({@link HtmlReport}), written beside its journal and transcript
 * as {@code <reports dir>/<test class>/<namespace>.html}: for a failed test always, for every test
 * when the configuration parameter (or system property) {@value #PARAMETER} is {@code always}.
 */
final class ReportPage {

  /** Configuration parameter: {@code failures} (the default) or {@code always}. */
  static final String PARAMETER = "agentbus.reports";

  /** Report entry key of the page's path. */
  static final String KEY = "agentbus.report";

  private ReportPage() {}

  /**
   * @param context a test
   * @return whether a passing test writes its page too
   * @throws ExtensionConfigurationException for a value other than {@code failures} or {@code
   *     always}
   */
  static boolean always(ExtensionContext context) {
    Optional<String> value = context.getConfigurationParameter(PARAMETER).map(String::strip);
    if (value.isEmpty() || value.get().isEmpty()) {
      return false;
    }
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "failures" -> false;
      default ->
          throw new ExtensionConfigurationException(
              PARAMETER
                  + "="
                  + value.get()
                  + " is not a choice: it says which tests write their traffic as an HTML page;"
                  + " set it to failures (the default) or always");
    };
  }

  /**
   * Writes the page.
   *
   * @param context the test
   * @param namespace its namespace
   * @param reportsDir the reports folder
   * @return the file written
   * @throws IOException when it cannot be written
   */
  static Path write(ExtensionContext context, NamespaceView namespace, Path reportsDir)
      throws IOException {
    Path file =
        reportsDir
            .resolve(context.getRequiredTestClass().getName())
            .resolve(namespace.id() + ".html");
    return HtmlReport.of(
            namespace.id(), namespace.options().channellessRecv(), namespace.snapshot())
        .writeTo(file);
  }
}
