package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.local.OneMachineStack;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The local stack paced to the wall clock, as the functions run in AWS: the simulator's clock runs
 * in real time from {@code start}, SyncFunction ticks at each of its minute boundaries, the
 * consumers poll their queues continuously, sweeps wait out their real SQS delays, failed items
 * their real visibility ({@link #TEMPLATE_VISIBILITY} unless a backoff shortens it), and the
 * containers share the account's trading budget in the database.
 */
final class WallClockRun implements AutoCloseable {
    /** CloseQueue's {@code VisibilityTimeout} in template.yaml. */
    static final Duration TEMPLATE_VISIBILITY = Duration.ofSeconds(180);

    final OneMachineStack stack;
    final AlpacaSimulator sim;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private final Thread ticker;
    private volatile RuntimeException failure;

    WallClockRun(ManagerSettings settings, Instant start) {
        stack = OneMachineStack.start(new OneMachineStack.Options(settings, null, null, null, false, TEMPLATE_VISIBILITY, start));
        sim = stack.simulator();
        sim.runClock(true);
        poller = new Thread(() -> {
            while (running.get()) {
                try {
                    stack.pollOnce(1);
                } catch (RuntimeException e) {
                    if (running.get()) {
                        failure = e;
                    }
                }
            }
        }, "bench-consumers");
        ticker = new Thread(() -> {
            while (running.get()) {
                Instant next = sim.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
                if (!sleepUntil(next)) {
                    return;
                }
                try {
                    stack.tick(next);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        }, "bench-ticks");
        poller.setDaemon(true);
        ticker.setDaemon(true);
        poller.start();
        ticker.start();
    }

    Instant now() {
        return sim.now();
    }

    /** Sleeps until the simulator's clock reads {@code at}; false when interrupted or stopped. */
    boolean sleepUntil(Instant at) {
        while (running.get()) {
            long millis = Duration.between(sim.now(), at).toMillis();
            if (millis <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(millis, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Polls {@code what} every 50 ms until it answers, for at most {@code limit} of the simulator's time. */
    <T> T await(String what, Duration limit, Supplier<Optional<T>> probe) {
        Instant until = sim.now().plus(limit);
        while (sim.now().isBefore(until)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(what + " did not happen within " + limit.toSeconds() + " s"
                + (failure == null ? "" : " (last failure: " + failure.getMessage() + ")"));
    }

    /** The close orders the manager sent ({@code pm-} client order ids). */
    List<AlpacaSimulator.Order> closeOrders(String account) {
        return sim.orders(account).stream().filter(o -> o.clientOrderId() != null && o.clientOrderId().startsWith("pm-")).toList();
    }

    @Override
    public void close() {
        running.set(false);
        ticker.interrupt();
        try {
            poller.join(5_000);
            ticker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stack.close();
    }
}
