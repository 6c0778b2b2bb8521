package com.tradinginfra.pm.embedded.sim;

import com.sun.net.httpserver.HttpServer;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A 429 that only carries {@code X-RateLimit-Reset}: the wait is computed against the injected clock. */
class RateLimitHeaderTest {
    static {
        // This test starts a JDK HttpServer of its own; make sure the JVM-wide server settings are
        // still the simulator's (TCP_NODELAY) if it runs first.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @Test
    void resetEpochBecomesRetryAfter() throws Exception {
        Instant now = Instant.parse("2026-11-23T15:00:00Z");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"code\":42910000,\"message\":\"too many requests\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 30));
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (AlpacaBroker broker = AlpacaBroker.builder(new AlpacaSettings("k", "s", url, url))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
            BrokerException e = catchThrowableOfType(BrokerException.class, broker::positions);
            assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(e.getMessage()).isEqualTo("too many requests");
        } finally {
            server.stop(0);
        }
    }
}
