package dev.agentbus.report.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Traffic reports of real scenarios on a real bus, opened in headless Chromium: what a developer
 * sees and can do with them.
 */
class ReportInBrowserTest extends BrowserAndBus {

  @Test
  void aChannelMismatchIsALostArrowOnDefaultBesideTheRecipientsPollsOnItsChannel() {
    Scenarios.channelMismatch(server, "t-mismatch");

    browser.open(Scenarios.page(server, "t-mismatch").toUri().toString());

    assertThat(browser.all("#lifelines .lifeline")).hasSize(2);
    WebElement arrow = browser.one("g.msg");
    assertThat(arrow.getDomAttribute("data-status")).isEqualTo("CHANNEL_MISMATCH");
    assertThat(arrow.getText()).contains("[default*] ping: please review PR 42", "✗ mismatch");
    assertThat(Scenarios.texts(browser.all("g.poll"))).allMatch(text -> text.contains("[c-7]"));
    assertThat(browser.all("g.poll")).hasSize(2);
  }

  @Test
  void aPollOnTheLastLifelineShowsTheWholeChannelItAskedFor() {
    String channel = "the-release-team-of-the-quarter-" + "x".repeat(20);
    try (var alice = Scenarios.client(server, "t-long", "alice", channel);
        var bob = Scenarios.client(server, "t-long", "bob", channel)) {
      alice.send("bob", "hello");
      bob.pollNow();
    }

    browser.open(Scenarios.page(server, "t-long").toUri().toString());

    assertThat(browser.one("g.poll").getText()).contains("poll [" + channel + "] → 1");
  }

  @Test
  void clickingTheMismatchedArrowShowsTheWholeMessageAndItsDiagnosis() {
    Scenarios.channelMismatch(server, "t-click");
    browser.resize(1100, 540);
    browser.open(Scenarios.page(server, "t-click").toUri().toString());

    browser.one("g.msg text.label").click();

    String details = browser.one("#details").getText();
    assertThat(details)
        .contains("alice → bob")
        .contains("lost: channel mismatch")
        .contains("bob only polled channel c-7")
        .contains("the sender named no channel")
        .contains("ping: please review PR 42\nsecond line")
        .contains("Mozilla/5.0");
    browser.screenshot("channel-mismatch");
  }

  @Test
  void aThreeAgentExchangeDrawsALifelinePerAgentAndAnArrowPerMessageInOrder() {
    Scenarios.threeAgents(server, "t-three");

    browser.open(Scenarios.page(server, "t-three").toUri().toString());

    assertThat(Scenarios.texts(browser.all("#lifelines .lifeline")))
        .containsExactly("alice", "bob", "carol");
    assertThat(browser.all("g.msg")).hasSize(3);
    assertThat(Scenarios.texts(browser.all("g.msg")))
        .satisfiesExactly(
            first -> assertThat(first).contains("plan the release"),
            second -> assertThat(second).contains("write the changelog"),
            third -> assertThat(third).contains("changelog done"));
    assertThat(browser.all("g.msg"))
        .allMatch(arrow -> "DELIVERED".equals(arrow.getDomAttribute("data-status")));
    assertThat(browser.one("#summary").getText())
        .startsWith("3 messages: 3 delivered, 0 not yet, 0 lost");
    browser.screenshot("three-agents");
  }

  @Test
  void theAgentFilterKeepsOnlyThatAgentsMessagesAndPolls() {
    Scenarios.threeAgents(server, "t-agent");
    browser.open(Scenarios.page(server, "t-agent").toUri().toString());

    new Select(browser.one("#agent-filter")).selectByVisibleText("carol");

    assertThat(Scenarios.texts(browser.all("g.msg")))
        .satisfiesExactly(
            first -> assertThat(first).contains("write the changelog"),
            second -> assertThat(second).contains("changelog done"));
    assertThat(browser.all("g.poll")).hasSize(1);
  }

  @Test
  void theChannelFilterShowsWhereTheRecipientListenedAndNoMessageThere() {
    Scenarios.channelMismatch(server, "t-channel");
    browser.open(Scenarios.page(server, "t-channel").toUri().toString());

    new Select(browser.one("#channel-filter")).selectByVisibleText("c-7");

    assertThat(browser.all("g.msg")).isEmpty();
    assertThat(browser.all("g.poll")).hasSize(2);
    new Select(browser.one("#channel-filter")).selectByVisibleText("default");
    assertThat(browser.all("g.msg")).hasSize(1);
  }

  @Test
  void theKeyboardReachesAnArrowAndEnterShowsIt() {
    Scenarios.channelMismatch(server, "t-keys");
    browser.open(Scenarios.page(server, "t-keys").toUri().toString());

    browser.one("#diagram").sendKeys(Keys.ARROW_DOWN);
    browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
    WebElement focused = browser.driver().switchTo().activeElement();
    focused.sendKeys(Keys.ENTER);

    assertThat(focused.getDomAttribute("class")).contains("msg");
    assertThat(browser.one("#details").getText()).contains("bob only polled channel c-7");
    browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_UP, Keys.SPACE);
    assertThat(browser.one("#details").getText()).contains("Poll of bob");
  }

  @Test
  void markupInABodyOrANameIsShownAsTextAndNeverRuns() {
    String evil =
        "</script><script>window.pwned = 1</script><img src=x onerror=\"window.pwned=2\">";
    try (AgentBusClient sender = Scenarios.client(server, "t-evil", "<b>mallory</b>", "c")) {
      sender.send("bob", evil);
    }
    browser.open(Scenarios.page(server, "t-evil").toUri().toString());

    browser.one("g.msg text.label").click();

    assertThat(browser.script("return window.pwned === undefined;")).isEqualTo(true);
    assertThat(browser.all("#details img, #details b, #app script")).isEmpty();
    assertThat(browser.one("#details pre").getText()).isEqualTo(evil);
    assertThat(browser.one("#details h2").getText()).isEqualTo("<b>mallory</b> → bob");
  }

  @Test
  void aPollParkedWhenThePageWasMadeIsAHollowMarkWithItsChannel() throws Exception {
    server.createNamespace("t-parked", NamespaceOptions.defaults());
    try (AgentBusClient alice = Scenarios.client(server, "t-parked", "alice", null);
        AgentBusClient bob = Scenarios.client(server, "t-parked", "bob", "c-7")) {
      bob.listen(message -> {});
      assertThat(
              server.namespace("t-parked").orElseThrow().awaitPolling("bob", "c-7", Browser.WAIT))
          .isTrue();
      alice.send("bob", "lands on default");

      browser.open(Scenarios.page(server, "t-parked").toUri().toString());
    }

    assertThat(browser.one("g.parked").getText()).isEqualTo("now\nparked on [c-7]");
    assertThat(browser.one("g.msg").getDomAttribute("data-status")).isEqualTo("CHANNEL_MISMATCH");
  }

  @Test
  void aRejectedRequestIsListedWithItsStatusAndSentence() throws Exception {
    server.createNamespace("t-refused", NamespaceOptions.defaults());
    HttpResponse<String> refused =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(server.namespaceUrl("t-refused") + "/send"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"carol\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);

    browser.open(Scenarios.page(server, "t-refused").toUri().toString());

    assertThat(browser.one("#rejected-box h2").getText()).isEqualTo("Rejected requests (1)");
    assertThat(Scenarios.texts(browser.all("#rejected td")))
        .contains("POST /send", "400", "from=carol")
        .anyMatch(cell -> cell.startsWith("field \"to\" is required"));
  }

  @Test
  void theLivePageServedByTheBusGainsAnArrowWhenAMessageCrossesWithoutAReload() {
    try (AgentBusClient alice = Scenarios.client(server, "t-live", "alice", "c");
        AgentBusClient bob = Scenarios.client(server, "t-live", "bob", "c")) {
      alice.send("bob", "before the page");
      browser.open(server.namespaceUrl("t-live") + "/_bus/report");
      browser.script("window.sameDocument = true;");
      assertThat(browser.all("g.msg")).hasSize(1);

      alice.send("bob", "while the page is open");
      browser.awaitTrue("document.querySelectorAll('g.msg').length === 2");
      bob.pollNow();
      browser.awaitTrue(
          "document.querySelectorAll('g.msg[data-status=\"DELIVERED\"]').length === 2");

      assertThat(browser.script("return window.sameDocument === true;")).isEqualTo(true);
      assertThat(browser.all("g.msg").get(1).getText()).contains("while the page is open");
      assertThat(browser.one("#summary").getText()).startsWith("2 messages: 2 delivered");
    }
  }

  @Test
  void tenThousandMessagesRenderQuicklyAndScrollToTheLast() {
    int count = 10_000;
    Scenarios.many(server, "t-many", count);
    long built = System.nanoTime();
    Path page = Scenarios.page(server, "t-many");
    long buildMillis = (System.nanoTime() - built) / 1_000_000;

    long start = System.nanoTime();
    browser.open(page.toUri().toString());
    long openMillis = (System.nanoTime() - start) / 1_000_000;

    long renderMillis = Long.parseLong(browser.app("data-render-ms"));
    System.out.printf(
        "report of %d messages: %d KB, written in %d ms, drawn %d ms after navigation started"
            + " (%d ms to open)%n",
        count, page.toFile().length() / 1024, buildMillis, renderMillis, openMillis);
    assertThat(browser.one("#summary").getText()).startsWith("10000 messages: 10000 delivered");
    assertThat(browser.app("data-arrows")).isEqualTo(String.valueOf(count));
    assertThat(renderMillis).as("render time, ms (the goal is under 2,000)").isLessThan(10_000);
    assertThat(browser.all("g.row").size()).as("only the rows in view are drawn").isLessThan(200);
    browser.script("var d = document.getElementById('diagram'); d.scrollTop = d.scrollHeight;");
    browser.awaitTrue(
        "Array.from(document.querySelectorAll('g.msg')).some("
            + "g => g.textContent.indexOf('message "
            + count
            + "') >= 0)");
    browser.screenshot("ten-thousand-end");
  }

  @Test
  void inANarrowWindowTheDetailsGoBelowTheDiagram() {
    Scenarios.threeAgents(server, "t-narrow");
    browser.resize(420, 900);
    browser.open(Scenarios.page(server, "t-narrow").toUri().toString());

    WebElement diagram = browser.one("#diagram");
    WebElement details = browser.one("#details");

    assertThat(details.getRect().getY())
        .isGreaterThanOrEqualTo(diagram.getRect().getY() + diagram.getRect().getHeight());
    assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
        .isEqualTo(true);
    browser.screenshot("narrow");
  }
}
