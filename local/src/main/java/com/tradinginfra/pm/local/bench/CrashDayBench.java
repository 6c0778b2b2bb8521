package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The crash day paced to the wall clock ({@link WallClockRun}, the account's budget in the database,
 * 4 sweeps a minute): the 50 lots of {@link CrashBook} are tracked, then at a random instant one price
 * move crosses every stop, so one sweep sends 50 closes. Measured: seconds from the crossing to each
 * close order at the simulator, and the most trading requests the account sent in any 60-second window
 * from the tracking tick to the last close.
 */
public final class CrashDayBench {
    static final String ACCOUNT = "crash";

    /**
     * @param reactionSeconds         crossing to order, one per lot
     * @param maxRequestsInAnyMinute  the most trading requests in a rolling 60 s (Alpaca's limit is 200)
     * @param rateLimited             trading requests the simulator answered 429
     */
    public record Result(List<Double> reactionSeconds, int maxRequestsInAnyMinute, int tradingRequests, int rateLimited) {
        public static final Result NOT_RUN = new Result(List.of(), 0, 0, 0);

        public boolean ran() {
            return !reactionSeconds.isEmpty();
        }

        /** {@code crash_max_s}. */
        public double max() {
            return reactionSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        public double median() {
            List<Double> sorted = reactionSeconds.stream().sorted().toList();
            int n = sorted.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    public static Result measure(long seed, java.io.PrintStream log) {
        Random random = new Random(seed);
        ManagerSettings settings = ManagerSettings.defaults(ACCOUNT).withSweepsPerMinute(4);
        try (WallClockRun run = new WallClockRun(settings, ReactionBench.OPEN)) {
            AlpacaSimulator sim = run.sim;
            List<CrashBook.Lot> lots = CrashBook.open(run.stack, run.now());
            for (CrashBook.Lot lot : lots) {
                run.await(lot.symbol() + " tracked", Duration.ofSeconds(90),
                        () -> FaultReactionBench.status(run.stack.dataSource(), lot.executionId()).filter("open"::equals));
            }
            Instant tracked = run.now();
            Instant crossAt = tracked.plusMillis((long) (random.nextDouble() * 60_000));
            run.sleepUntil(crossAt);
            CrashBook.crash(sim, lots);
            Instant crossed = run.now();
            List<AlpacaSimulator.Order> closes = run.await("50 close orders", Duration.ofMinutes(5), () -> {
                List<AlpacaSimulator.Order> sent = run.closeOrders(ACCOUNT);
                return sent.size() >= lots.size() ? java.util.Optional.of(sent) : java.util.Optional.empty();
            });
            List<Double> reactions = new ArrayList<>();
            for (AlpacaSimulator.Order o : closes) {
                reactions.add(Duration.between(crossed, o.submittedAt()).toMillis() / 1000.0);
            }
            Instant last = closes.stream().map(AlpacaSimulator.Order::submittedAt).max(Instant::compareTo).orElseThrow();
            List<AlpacaSimulator.Request> trading = sim.requests().stream()
                    .filter(r -> ACCOUNT.equals(r.account()) && r.path().startsWith("/v2/") && !r.path().startsWith("/v2/stocks/"))
                    .filter(r -> !r.receivedAt().isBefore(tracked.minusSeconds(60)) && !r.receivedAt().isAfter(last))
                    .toList();
            int limited = (int) trading.stream().filter(r -> r.status() == 429).count();
            Result result = new Result(reactions, maxInAnyMinute(trading), trading.size(), limited);
            log.printf(Locale.ROOT, "crash day: 50 stops crossed at :%02d, close orders max %.1f s, median %.1f s after; "
                            + "at most %d trading requests in any minute, %d rate-limited%n", crossed.getEpochSecond() % 60, result.max(),
                    result.median(), result.maxRequestsInAnyMinute(), limited);
            return result;
        }
    }

    /** The most requests within any 60 s (a window starting at each request). */
    static int maxInAnyMinute(List<AlpacaSimulator.Request> requests) {
        List<Instant> times = requests.stream().map(AlpacaSimulator.Request::receivedAt).sorted().toList();
        int best = 0;
        int j = 0;
        for (int i = 0; i < times.size(); i++) {
            while (j < times.size() && times.get(j).isBefore(times.get(i).plusSeconds(60))) {
                j++;
            }
            best = Math.max(best, j - i);
        }
        return best;
    }

    private CrashDayBench() {
    }
}
