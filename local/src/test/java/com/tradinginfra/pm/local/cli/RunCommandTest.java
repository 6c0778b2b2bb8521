package com.tradinginfra.pm.local.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void withoutKeysItExitsWithOneLineNamingBothVariables() {
        int code = new RunCommand(out, err, Map.of()).run(new String[0]);
        assertThat(code).isEqualTo(2);
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(message.strip().lines()).hasSize(1);
        assertThat(message).contains("ALPACA_API_KEY_ID").contains("ALPACA_API_SECRET_KEY");
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withOneKeyItNamesOnlyTheOtherAndNeverPrintsTheKey() {
        int code = new RunCommand(out, err, Map.of("ALPACA_API_KEY_ID", "PKSECRETVALUE123", "ALPACA_API_SECRET_KEY", " "))
                .run(new String[]{"--data", "/tmp/never-created"});
        assertThat(code).isEqualTo(2);
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(message.strip().lines()).hasSize(1);
        assertThat(message).contains("ALPACA_API_SECRET_KEY").doesNotContain("ALPACA_API_KEY_ID").doesNotContain("PKSECRETVALUE123");
    }

    @Test
    void theLiveApiIsRefused() {
        int code = new RunCommand(out, err, Map.of("ALPACA_API_KEY_ID", "k", "ALPACA_API_SECRET_KEY", "s",
                "ALPACA_TRADING_URL", "https://api.alpaca.markets")).run(new String[0]);
        assertThat(code).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("live");
    }

    @Test
    void theMainDispatchHandlesHelpUnknownCommandsAndBadOptions() {
        assertThat(Main.run(new String[]{"--help"}, out, err)).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("demo", "run", "positions", "health", "history", "bench");
        for (String command : new String[]{"demo", "run", "positions", "health", "history"}) {
            outBytes.reset();
            assertThat(Main.run(new String[]{command, "--help"}, out, err)).as(command).isZero();
            assertThat(outBytes.toString(StandardCharsets.UTF_8)).as(command).startsWith("usage: ./pm " + command);
        }
        assertThat(Main.run(new String[]{"frobnicate"}, out, err)).isEqualTo(2);
        assertThat(Main.run(new String[]{"demo", "--bogus"}, out, err)).isEqualTo(2);
        assertThat(Main.run(new String[]{"demo", "--date", "2026-11-28"}, out, err)).as("a Saturday").isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus", "not a trading day");
    }
}
