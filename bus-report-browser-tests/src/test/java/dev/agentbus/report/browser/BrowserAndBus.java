package dev.agentbus.report.browser;

import dev.agentbus.embedded.AgentBusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every browser test stands on: one headless Chromium per test class (starting one takes a
 * second), and a bus of its own per test, with the window reset to one size.
 */
abstract class BrowserAndBus {

  static Browser browser;
  AgentBusServer server;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = new Browser();
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void startBus() {
    server = AgentBusServer.builder().start();
    browser.resize(1200, 800);
  }

  @AfterEach
  void stopBus() {
    server.close();
  }
}
