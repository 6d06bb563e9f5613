package dev.agentbus.embedded.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one parser every front end reads server options with. */
class ServerOptionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "268435456, 268435456",
    "64KiB, 65536",
    "256MiB, 268435456",
    "256mib, 268435456",
    "1GiB, 1073741824",
    "256m, 268435456",
    "2G, 2147483648",
    "512k, 524288"
  })
  void sizesAreBytesOrANumberWithABinaryUnit(String text, long bytes) {
    assertThat(ServerOption.MAX_BODY_BYTES_IN_FLIGHT.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"30, 30000", "0.5, 500", "500ms, 500", "30s, 30000", "2m, 120000", "86400, 86400000"})
  void durationsAreDecimalSecondsOrANumberWithAUnit(String text, long millis) {
    assertThat(ServerOption.RECV_TIMEOUT.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0", "86401", "25h", "-1", "soon", "1e3", "0.0000000001"})
  void aDurationOfNothingOrPastADayIsRefusedNamingTheOption(String text) {
    assertThatThrownBy(() -> ServerOption.RECV_TIMEOUT.parse(text))
        .isInstanceOf(OptionException.class)
        .hasMessage(
            "recvTimeout must be a duration above 0 and at most 86400 seconds: seconds (30, 0.5)"
                + " or a number with a unit (500ms, 30s, 2m), got '"
                + text
                + "'");
  }

  @Test
  void aSizeThatIsNotOneIsRefusedNamingTheOptionTheValueAndTheRule() {
    assertThatThrownBy(() -> ServerOption.MEMORY_BUDGET.parse("12x"))
        .isInstanceOfSatisfying(
            OptionException.class,
            e -> {
              assertThat(e.options()).containsExactly(ServerOption.MEMORY_BUDGET);
              assertThat(e.value()).isEqualTo("12x");
            })
        .hasMessage(
            "memoryBudget must be a number of bytes, at least 1048576, plain (268435456) or with a"
                + " unit (64KiB, 256MiB, 1GiB, or 256m as -Xmx takes it), got '12x'");
  }

  @Test
  void aSizeThatOverflowsIsRefused() {
    assertThatThrownBy(() -> ServerOption.MEMORY_BUDGET.parse("9999999999999999999G"))
        .isInstanceOf(OptionException.class);
  }

  @Test
  void aCountOutOfItsBoundsIsRefusedSayingThem() {
    assertThatThrownBy(() -> ServerOption.PORT.parse("65536"))
        .hasMessage("port must be a whole number from 0 to 65535, got '65536'");
  }

  @Test
  void booleansAndChoicesAreReadInAnyCase() {
    assertThat(ServerOption.WAF.parse("TRUE")).isEqualTo(true);
    assertThat(ServerOption.WAF.parse("False")).isEqualTo(false);
    assertThat(ServerOption.CHANNELLESS_RECV.parse("Default")).isEqualTo(ChannellessRecv.DEFAULT);
    assertThatThrownBy(() -> ServerOption.WAF.parse("yes"))
        .hasMessage("waf must be true or false, got 'yes'");
  }

  @Test
  void aRefusedTokenIsNeverRepeated() {
    assertThatThrownBy(() -> ServerOption.TOKEN.parse("sec ret"))
        .isInstanceOfSatisfying(OptionException.class, e -> assertThat(e.value()).isNull())
        .message()
        .doesNotContain("sec ret")
        .startsWith("token has character U+0020 at position 4");
  }

  @Test
  void eachFrontEndSpellsTheOptionsOfARefusalItsOwnWay() {
    OptionException refusal =
        new OptionException(
            List.of(ServerOption.MEMORY_BUDGET, ServerOption.MAX_BODY_BYTES),
            null,
            "of 1000 bytes is smaller than 10 times {1}",
            "give at least 10 times {1}");

    assertThat(refusal.getMessage())
        .isEqualTo(
            "memoryBudget of 1000 bytes is smaller than 10 times maxBodyBytes: give at least 10"
                + " times maxBodyBytes");
    assertThat(refusal.render(option -> "<" + option.optionName() + ">"))
        .isEqualTo(
            "<memoryBudget> of 1000 bytes is smaller than 10 times <maxBodyBytes>: give at least"
                + " 10 times <maxBodyBytes>");
  }

  @Test
  void aDefaultIsDocumentedAsTheParserReadsIt() {
    for (ServerOption option : ServerOption.values()) {
      option
          .defaultValue()
          .ifPresent(
              value ->
                  assertThat(option.parse(option.defaultText()))
                      .as(option.optionName())
                      .isEqualTo(value));
    }
  }

  @Test
  void theJournalLimitHasOneDefaultEverywhere() {
    assertThat(ServerOption.JOURNAL_LIMIT.defaultValue()).contains(1_000_000);
    assertThat(NamespaceOptions.defaults().journalLimit()).isEqualTo(1_000_000);
  }
}
