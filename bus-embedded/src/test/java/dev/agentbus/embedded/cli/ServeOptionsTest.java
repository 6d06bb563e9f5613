package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.ServerOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve}'s flags: the server options by name, in kebab case, read by the model. */
class ServeOptionsTest {

  @Test
  void eachFlagIsAnOptionsNameInKebabCase() throws Exception {
    ServeOptions options =
        ServeOptions.parse(
            new String[] {
              "--memory-budget", "256MiB", "--channelless-recv=default", "--recv-timeout", "500ms"
            });

    assertThat(options.values())
        .isEqualTo(
            Map.of(
                ServerOption.MEMORY_BUDGET,
                256L << 20,
                ServerOption.CHANNELLESS_RECV,
                ChannellessRecv.DEFAULT,
                ServerOption.RECV_TIMEOUT,
                Duration.ofMillis(500)));
    assertThat(options.quiet()).isFalse();
    assertThat(options.notices()).isEmpty();
  }

  @Test
  void aSwitchAloneIsOnAndTakesAValueAfterAnEqualsSign() throws Exception {
    assertThat(ServeOptions.parse(new String[] {"--waf"}).values())
        .containsEntry(ServerOption.WAF, true);
    assertThat(ServeOptions.parse(new String[] {"--waf=false"}).values())
        .containsEntry(ServerOption.WAF, false);
  }

  @Test
  void quietIsServesOwnAndTakesNoValue() throws Exception {
    assertThat(ServeOptions.parse(new String[] {"--quiet"}).quiet()).isTrue();
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--quiet=yes"}))
        .hasMessage("--quiet takes no value: give it alone to switch it on");
  }

  @Test
  void aFormerFlagStillWorksAndSaysSoInOneLine() throws Exception {
    ServeOptions options = ServeOptions.parse(new String[] {"--max-body", "100"});

    assertThat(options.values()).isEqualTo(Map.of(ServerOption.MAX_BODY_BYTES, 100L));
    assertThat(options.notices())
        .containsExactly("--max-body is deprecated: use --max-body-bytes, which means the same");
  }

  @Test
  void aBadValueIsRefusedNamingTheFlagAsTyped() {
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--memory-budget=12x"}))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--memory-budget must be a number of bytes")
        .hasMessageEndingWith(", got '12x'");
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--max-body", "lots"}))
        .hasMessageStartingWith("--max-body must be a number of bytes");
  }

  @Test
  void aMissingValueAndAnUnknownFlagAreRefused() {
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--port"}))
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--colour"}))
        .hasMessage("unknown option '--colour'");
  }

  @Test
  void theUsageListsEveryOptionWithItsDefaultAndServesPort() {
    String usage = ServeOptions.usage();

    for (ServerOption option : ServerOption.values()) {
      assertThat(usage).contains("  " + ServeOptions.flag(option));
    }
    assertThat(usage)
        .contains("--port PORT")
        .contains("(default 8080)")
        .contains("(default 1000000)")
        .contains("--quiet");
  }
}
