package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.local.OneMachineStack;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Reaction time in simulated (tick) time: a stock lot is opened through the simulated dispatcher
 * and tracked by a tick; then, at a random instant within a minute, its price falls through its
 * stop. The clock moves in steps of {@code step} (and stops exactly at the crossing); at each
 * minute boundary the EventBridge tick runs SyncFunction, which fans out the minute's sweeps
 * (held by SQS DelaySeconds until their time); every queue is drained at every step. The reaction
 * is the close order's submission time at the simulator minus the crossing time.
 */
public final class ReactionBench {
    /** Monday 2026-11-23 10:00 New York: the market is open for the whole run. */
    public static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");

    /** One crossing. */
    public record Trial(String symbol, double offsetSeconds, double reactionSeconds, String closeReason) {
    }

    /** All crossings at one sweep rate. */
    public record Result(int sweepsPerMinute, List<Trial> trials) {
    }

    public static Result measure(int sweepsPerMinute, int trials, long seed, Duration step) {
        Random random = new Random(seed);
        List<Trial> out = new ArrayList<>();
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(
                ManagerSettings.defaults("react").withSweepsPerMinute(sweepsPerMinute), OPEN))) {
            AlpacaSimulator sim = stack.simulator();
            Instant now = OPEN;
            for (int t = 0; t < trials; t++) {
                String symbol = "RX" + BenchLots.ticker(t).substring(1);
                sim.setPrice(symbol, "100.00");
                stack.dispatcher().stock(symbol, "buy", 10, new BigDecimal("95"), new BigDecimal("115"), "swing_trade", false, now);
                // the next minute's tick tracks it
                now = now.plusSeconds(60);
                stack.advanceTo(now);
                stack.tick(now);
                stack.drain();
                Instant minute = now;
                long offsetMillis = (long) (random.nextDouble() * 60_000);
                Instant crossAt = minute.plusMillis(offsetMillis);
                boolean crossed = false;
                Optional<AlpacaSimulator.Order> close = Optional.empty();
                Instant grid = minute;
                Instant limit = minute.plusSeconds(5 * 60);
                while (close.isEmpty()) {
                    Instant nextGrid = grid.plus(step);
                    Instant target = !crossed && crossAt.isAfter(grid) && crossAt.isBefore(nextGrid) ? crossAt : nextGrid;
                    if (target.equals(nextGrid)) {
                        grid = nextGrid;
                    }
                    if (target.isAfter(limit)) {
                        throw new IllegalStateException(symbol + ": no close order within 5 minutes of the crossing at " + crossAt);
                    }
                    stack.advanceTo(target);
                    now = target;
                    if (!crossed && !crossAt.isAfter(target)) {
                        sim.setPrice(symbol, "94.00");
                        crossed = true;
                    }
                    if (target.getEpochSecond() % 60 == 0 && target.getNano() == 0 && target.isAfter(minute)) {
                        stack.tick(target);
                    }
                    stack.drain();
                    close = sim.orders("react").stream()
                            .filter(o -> o.symbol().equals(symbol) && o.side().equals("sell") && o.clientOrderId() != null
                                    && o.clientOrderId().startsWith("pm-"))
                            .findFirst();
                }
                double reaction = Duration.between(crossAt, close.get().submittedAt()).toMillis() / 1000.0;
                out.add(new Trial(symbol, offsetMillis / 1000.0, reaction, "stop_loss"));
                // let the next tick confirm the fill before the next trial
                Instant nextMinute = Instant.ofEpochSecond((now.getEpochSecond() / 60 + 1) * 60);
                stack.advanceTo(nextMinute);
                stack.tick(nextMinute);
                stack.drain();
                now = nextMinute;
            }
        }
        return new Result(sweepsPerMinute, out);
    }
}
