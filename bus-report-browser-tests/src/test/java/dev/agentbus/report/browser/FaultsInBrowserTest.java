package dev.agentbus.report.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

/**
 * The faults a test injected, as the report page in headless Chromium shows them: what each agent
 * experienced, in order with its messages.
 */
class FaultsInBrowserTest extends BrowserAndBus {

  private void openFaults(String namespace) {
    Scenarios.faults(server, namespace);
    browser.open(Scenarios.page(server, namespace).toUri().toString());
  }

  private static double centreX(WebElement element) {
    Rectangle rect = element.getRect();
    return rect.getX() + rect.getWidth() / 2.0;
  }

  @Test
  void aRestartIsABandAcrossEveryLifelineSayingWhatItCost() {
    openFaults("t-restart");

    WebElement restart = browser.one("g.incident.restart");
    Rectangle band = restart.findElement(By.cssSelector("rect.band")).getRect();

    assertThat(restart.getText())
        .contains("restart: queues lost, 1 message lost, 0 polls cut, down 300 ms");
    for (WebElement lifeline : browser.all("#lifelines .lifeline text")) {
      assertThat(centreX(lifeline))
          .isBetween((double) band.getX(), (double) band.getX() + band.getWidth());
    }
    assertThat(browser.one("g.msg[data-status=\"LOST_IN_RESTART\"]").getText())
        .contains("waits through the restart", "↻ lost in restart");
  }

  @Test
  void aWireFaultIsAMarkOnItsAgentsLifelineWithTheRequestAndTheFault() {
    openFaults("t-wire");

    WebElement wire = browser.one("g.incident.wire[data-agent]");
    WebElement bob =
        browser.one(
            "#lifelines .lifeline[data-agent=\"" + wire.getDomAttribute("data-agent") + "\"]");

    assertThat(bob.getText()).isEqualTo("bob");
    assertThat(wire.getText()).contains("⚡ GET /recv: connection reset");
    WebElement mark = wire.findElement(By.cssSelector("path.mark"));
    assertThat(centreX(mark)).isCloseTo(centreX(bob), offset(8.0));
  }

  @Test
  void aWireFaultOfAnUnknownAgentIsARowAcrossTheDiagram() {
    openFaults("t-wire-unknown");

    WebElement wire = browser.one("g.incident.wire:not([data-agent])");

    assertThat(wire.getText()).contains("⚡ POST /send: status 503 (agent not known)");
  }

  @Test
  void aMessageDroppedOnPurposeIsStyledAsAFaultAndNotCountedLost() {
    openFaults("t-dropped");

    WebElement dropped = browser.one("g.msg[data-status=\"DROPPED_BY_FAULT\"]");
    WebElement arrow = dropped.findElement(By.cssSelector("path.arrow"));

    assertThat(dropped.getText()).contains("dropped on the way", "⊘ dropped on purpose");
    assertThat(arrow.getDomAttribute("stroke")).isEqualTo("#bf3989");
    assertThat(arrow.getDomAttribute("stroke-dasharray")).isEqualTo("6 2 1 2 1 2");
    WebElement summary = browser.one("#summary");
    assertThat(summary.getText())
        .startsWith("3 messages: 1 delivered, 0 not yet, 0 lost")
        .contains(
            "faults touched 2 messages (dropped on purpose 1, lost in restart 1)",
            "1 restart, 2 wire faults");
    assertThat(summary.getDomAttribute("class")).doesNotContain("lost");
  }

  @Test
  void theLegendShowsTheFaultStylesTheBandAndTheMarkWithTheirCounts() {
    openFaults("t-legend");

    assertThat(Scenarios.texts(browser.all("#legend li")))
        .contains(
            "⊘ dropped on purpose\ndropped by a fault, on purpose (1)",
            "‖ held back\nheld back by a fault (0)",
            "↻ lost in restart\nlost in a restart, on purpose (1)",
            "↻ restart of the namespace, across every lifeline (1)",
            "⚡ fault injected on the wire, on its agent's lifeline (2)");
  }

  @Test
  void clickingTheBandAndTheMarkShowsTheirDetails() {
    openFaults("t-click");

    browser.one("g.incident.restart text.incident-label").click();
    assertThat(browser.one("#details").getText())
        .contains("Restart of the namespace", "Messages lost\n1", "Down for\n300 ms");

    browser.one("g.incident.wire[data-agent] text.incident-label").click();
    assertThat(browser.one("#details").getText())
        .contains("⚡ GET /recv: connection reset", "Agent\nbob", "Fault\nconnection reset");
    browser.screenshot("faults");
  }

  @Test
  void theKeyboardReachesAWireFaultAndEnterShowsIt() {
    openFaults("t-keys");
    browser.script("document.querySelector('g.incident.wire').focus();");

    browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);

    assertThat(browser.one("#details").getText()).contains("Request\nGET /recv");
  }

  @Test
  void aDuplicatedMessageShowsItsCopyAndTheCopysTimestamp() {
    Scenarios.duplicate(server, "t-copy");
    browser.open(Scenarios.page(server, "t-copy").toUri().toString());

    WebElement message = browser.one("g.msg");
    message.findElement(By.cssSelector("text.label")).click();

    assertThat(message.getText()).contains("✓ ×2 copied");
    assertThat(browser.one("#details").getText())
        .containsPattern("duplicated by a fault: a copy queued as ts \\d+\\.\\d+")
        .contains("delivered 2 times");
  }

  @Test
  void theLivePageDrawsFaultsAsTheyHappenWithoutAReload() throws Exception {
    BusNamespace bus = server.createNamespace("t-live", NamespaceOptions.defaults());
    try (AgentBusClient alice = Scenarios.client(server, "t-live", "alice", "work")) {
      alice.send("bob", "before the page");
      browser.open(server.namespaceUrl("t-live") + "/_bus/report");
      browser.script("window.sameDocument = true;");

      bus.faults().next(1).to("bob").drop();
      alice.send("bob", "dropped live");
      bus.faults().next(1).to("bob").holdBack(Duration.ofHours(1));
      alice.send("bob", "held live");
      bus.faults().recordWireFault("bob", "GET /recv", "connection reset");
      bus.faults().restart(RestartQueues.LOST, Duration.ofMillis(200));
    }

    browser.awaitTrue("document.querySelectorAll('g.incident.restart').length === 1");
    assertThat(browser.one("g.incident.wire").getText()).contains("⚡ GET /recv: connection reset");
    assertThat(browser.one("g.incident.restart").getText())
        .contains("restart: queues lost, 2 messages lost");
    assertThat(browser.one("g.msg[data-status=\"DROPPED_BY_FAULT\"]").getText())
        .contains("dropped live");
    assertThat(Scenarios.texts(browser.all("g.msg[data-status=\"LOST_IN_RESTART\"]")))
        .satisfiesExactly(
            first -> assertThat(first).contains("before the page"),
            second -> assertThat(second).contains("held live"));
    assertThat(browser.one("#summary").getText())
        .contains("0 lost", "faults touched 3 messages", "1 restart, 1 wire fault");
    assertThat(browser.script("return window.sameDocument === true;")).isEqualTo(true);
  }

  @Test
  void theLivePageFollowsAHeldBackMessageToItsDeliveryUnderItsNewTimestamp() {
    BusNamespace bus = server.createNamespace("t-live-hold", NamespaceOptions.defaults());
    try (AgentBusClient alice = Scenarios.client(server, "t-live-hold", "alice", "work");
        AgentBusClient bob = Scenarios.client(server, "t-live-hold", "bob", "work")) {
      browser.open(server.namespaceUrl("t-live-hold") + "/_bus/report");
      bus.faults().next(1).to("bob").holdBack(Duration.ofMillis(100));

      alice.send("bob", "late");
      assertThat(bob.poll()).hasSize(1);
    }

    browser.awaitTrue("document.querySelectorAll('g.msg[data-status=\"DELIVERED\"]').length === 1");
    browser.one("g.msg text.label").click();
    assertThat(browser.one("#details").getText())
        .containsPattern("held back by a fault until ts \\d+")
        .containsPattern("released from the hold, queued as ts \\d+");
  }
}
