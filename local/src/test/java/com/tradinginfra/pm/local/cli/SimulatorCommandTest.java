package com.tradinginfra.pm.local.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./pm simulator}: the simulator behind a fixed port, as docker-compose.yml runs it. */
class SimulatorCommandTest {

    @Test
    void theSimulatorAnswersOnTheChosenPortWithTheAccountsKeysAndPricesUntilStopped() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        SimulatorCommand command = new SimulatorCommand(new PrintStream(printed, true, StandardCharsets.UTF_8), stop);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> command.run(new String[] {
                "--port", String.valueOf(port), "--host", "127.0.0.1", "--account", "large", "--price", "AAPL=190.00"}));
        awaitReady(printed, exit);

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        // two requests on one kept-alive connection
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> snapshot = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/stocks/snapshots?symbols=AAPL"))
                    .header("APCA-API-KEY-ID", "KEY-large").header("APCA-API-SECRET-KEY", "SECRET-large").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
            assertThat(snapshot.body()).contains("AAPL").contains("190");
        }
        HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/positions"))
                .header("APCA-API-KEY-ID", "KEY-large").header("APCA-API-SECRET-KEY", "wrong").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongKey.statusCode()).isNotEqualTo(200);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("ALPACA_API_KEY_ID=KEY-large ALPACA_API_SECRET_KEY=SECRET-large")
                .contains("Alpaca simulator on http://127.0.0.1:" + port);

        stop.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        // the port is closed: a request fails (refused; or, should Linux self-connect the socket, it reads
        // back its own request); rebinding the port instead would race with whatever else runs on the machine
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/v2/clock"))
                .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        SimulatorCommand command = new SimulatorCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new CountDownLatch(0));
        assertThatThrownBy(() -> command.run(new String[] {"--port", "70000"})).isInstanceOf(Args.UsageException.class)
                .hasMessage("--port must be 1 to 65535, was 70000");
        assertThatThrownBy(() -> command.run(new String[] {"--price", "AAPL"})).isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("SYMBOL=PRICE");
        assertThatThrownBy(() -> command.run(new String[] {"--start", "monday"})).isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--start");
    }

    /**
     * The simulator listens from its start, before the command has made the accounts and set the prices:
     * the line announcing the address comes after both.
     */
    private static void awaitReady(ByteArrayOutputStream printed, CompletableFuture<Integer> exit) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            assertThat(exit).as("the command ended early").isNotDone();
            if (printed.toString(StandardCharsets.UTF_8).contains("Alpaca simulator on ")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the simulator never announced its address: " + printed.toString(StandardCharsets.UTF_8));
    }
}
