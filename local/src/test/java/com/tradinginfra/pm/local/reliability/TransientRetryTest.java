package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A close that meets one transient broker failure reaches the broker within seconds, on a stack
 * whose queues have the template's visibility timeout (CloseQueue: 180 s). Nothing forces a
 * redelivery and no further tick runs: after the failing minute, the test only does what Lambda's
 * poller does — receive from CloseQueue whatever is visible — for a bounded time far shorter than
 * the visibility timeout. Without the backoff the message would stay invisible for 180 s and no
 * order could arrive while the test waits. The simulator's clock follows the wall clock meanwhile,
 * so its order timestamps measure the delay.
 */
class TransientRetryTest {
    private static final Duration VISIBILITY = QueueTopology.CLOSE.visibilityTimeout();
    /** How long the test polls; far below the visibility timeout, far above the backoff. */
    private static final Duration POLLING = Duration.ofSeconds(40);
    @RegisterExtension
    static final StackFixture f = new StackFixture(ManagerSettings.defaults("large").withSweepsPerMinute(1), VISIBILITY);

    @AfterEach
    void clearFaults() {
        f.sim.runClock(false);
        f.sim.faults().clear();
    }

    /** A long lot of {@code symbol} at 20.00 with its stop at 19.00, tracked; then the price falls through the stop (request log emptied). */
    private static Object stoppedOut(String symbol) {
        f.sim.setPrice(symbol, "20.00");
        var opened = f.stack.dispatcher().stock(symbol, "buy", 5, new BigDecimal("19.00"), new BigDecimal("30.00"),
                "swing_trade", false, f.now);
        f.minute();
        f.sim.setPrice(symbol, "18.50");
        f.sim.resetRequestLog();
        return opened.executionId();
    }

    /** Lambda's poller: receives from CloseQueue until our sell of {@code symbol} reaches the simulator, or {@link #POLLING} ends. */
    private static List<AlpacaSimulator.Order> pollUntilSold(String symbol) {
        f.sim.runClock(true);
        long end = System.nanoTime() + POLLING.toNanos();
        while (f.ourSells(symbol).isEmpty() && System.nanoTime() < end) {
            f.stack.closeConsumer().pollOnce(1);
        }
        f.sim.runClock(false);
        return f.ourSells(symbol);
    }

    private static List<AlpacaSimulator.Request> answered(int status, String pathPrefix) {
        return f.sim.requests().stream().filter(r -> r.status() == status && r.path().startsWith(pathPrefix)).toList();
    }

    @Test
    void oneServiceUnavailableOnTheFirstCloseReachesTheBrokerWithinSecondsNotAfterTheVisibilityTimeout() {
        Object lot = stoppedOut("TRA");
        f.sim.faults().failNext("POST", "/v2/orders", 503, 1);
        f.minute(); // the sweep moves the lot to CLOSING; its close meets the 503
        Instant tick = f.now;
        assertThat(answered(503, "/v2/orders")).hasSize(1);
        assertThat(f.ourSells("TRA")).isEmpty();

        List<AlpacaSimulator.Order> sold = pollUntilSold("TRA");

        assertThat(sold).hasSize(1);
        Duration delay = Duration.between(tick, sold.get(0).submittedAt());
        System.out.println("TransientRetryTest: order " + delay.toMillis() + " ms after the failed close (visibility " + VISIBILITY + ")");
        assertThat(sold.get(0).submittedAt()).isBefore(tick.plus(VISIBILITY));
        f.minute();
        assertThat(f.lotOf(lot)).containsEntry("status", "closed");
        assertThat(f.ourSells("TRA")).hasSize(1);
    }

    @Test
    void aRateLimitedCloseComesBackAfterItsRetryAfterNotAfterTheVisibilityTimeout() {
        Object lot = stoppedOut("TRB");
        f.sim.faults().failNext("POST", "/v2/orders", 429, 1); // with Retry-After: 1
        f.minute();
        Instant tick = f.now;
        assertThat(answered(429, "/v2/orders")).hasSize(1);
        assertThat(f.ourSells("TRB")).isEmpty();

        List<AlpacaSimulator.Order> sold = pollUntilSold("TRB");

        assertThat(sold).hasSize(1);
        assertThat(sold.get(0).submittedAt()).isBefore(tick.plus(VISIBILITY));
        f.minute();
        assertThat(f.lotOf(lot)).containsEntry("status", "closed");
        assertThat(f.ourSells("TRB")).hasSize(1);
    }

    @Test
    void aSecondFailureInARowWaitsLongerAndStillOneOrderArrivesLongBeforeTheVisibilityTimeout() {
        Object lot = stoppedOut("TRC");
        f.sim.faults().failNext("POST", "/v2/orders", 503, 2);
        f.minute(); // first receive fails: back in 1 s
        Instant tick = f.now;

        List<AlpacaSimulator.Order> sold = pollUntilSold("TRC"); // second receive fails: back in 10 s or more

        List<AlpacaSimulator.Request> failures = answered(503, "/v2/orders");
        assertThat(failures).hasSize(2);
        assertThat(sold).hasSize(1);
        // SQS hides the message for the whole backoff: the order cannot come before it ends
        assertThat(Duration.between(failures.get(1).receivedAt(), sold.get(0).submittedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(sold.get(0).submittedAt()).isBefore(tick.plus(VISIBILITY));
        f.minute();
        assertThat(f.lotOf(lot)).containsEntry("status", "closed");
        assertThat(f.ourSells("TRC")).hasSize(1);
    }
}
