package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Reaction with one transient failure on the first close, paced to the wall clock ({@link WallClockRun}):
 * a stock lot is tracked, then at a random instant its price falls through its stop while the
 * simulator answers the close's first submit with a 503, or with a 429 ({@code Retry-After: 1}).
 * The failed item comes back through its real SQS visibility (the backoff's 1 s, not the template's
 * 180 s); the reaction is the close order's submission at the simulator minus the crossing.
 */
public final class FaultReactionBench {
    static final String ACCOUNT = "faults";

    /** One crossing. */
    public record Trial(int httpStatus, String symbol, double offsetSeconds, double reactionSeconds) {
    }

    /** All crossings; empty when not run. */
    public record Result(List<Trial> trials) {
        public static final Result NOT_RUN = new Result(List.of());

        public boolean ran() {
            return !trials.isEmpty();
        }

        public List<Double> reactions(int httpStatus) {
            return trials.stream().filter(t -> t.httpStatus() == httpStatus).map(Trial::reactionSeconds).toList();
        }

        /** The slowest reaction over both faults: {@code reaction_fault_s}. */
        public double max() {
            return trials.stream().mapToDouble(Trial::reactionSeconds).max().orElse(Double.NaN);
        }
    }

    /** {@code trialsPerFault} crossings with a 503 and as many with a 429, at 4 sweeps a minute. */
    public static Result measure(int trialsPerFault, long seed, java.io.PrintStream log) {
        Random random = new Random(seed);
        List<Trial> out = new ArrayList<>();
        ManagerSettings settings = ManagerSettings.defaults(ACCOUNT).withSweepsPerMinute(4);
        try (WallClockRun run = new WallClockRun(settings, ReactionBench.OPEN)) {
            EntryTrader dispatcher = run.stack.dispatcher();
            int n = 0;
            for (int status : new int[]{503, 429}) {
                for (int t = 0; t < trialsPerFault; t++) {
                    String symbol = "FX" + BenchLots.ticker(n++).substring(1);
                    run.sim.setPrice(symbol, "100.00");
                    EntryTrader.Opened opened = dispatcher.stock(symbol, "buy", 10, new BigDecimal("95"), new BigDecimal("115"),
                            "swing_trade", false, run.now());
                    run.await(symbol + " tracked", Duration.ofSeconds(90), () -> status(run.stack.dataSource(), opened.executionId())
                            .filter("open"::equals));
                    double offset = random.nextDouble() * 60;
                    Instant crossAt = run.now().plusMillis((long) (offset * 1000));
                    run.sim.faults().failNext("POST", "/v2/orders", status, 1);
                    run.sleepUntil(crossAt);
                    run.sim.setPrice(symbol, "94.00");
                    Instant crossed = run.now();
                    AlpacaSimulator.Order close = run.await(symbol + " close order", Duration.ofMinutes(5), () -> run.closeOrders(ACCOUNT)
                            .stream().filter(o -> o.symbol().equals(symbol)).findFirst());
                    long failed = run.sim.requests("POST", "/v2/orders").stream().filter(r -> r.status() == status).count();
                    if (failed < 1) {
                        throw new IllegalStateException(symbol + ": the " + status + " was never answered");
                    }
                    run.sim.faults().clear();
                    double reaction = Duration.between(crossed, close.submittedAt()).toMillis() / 1000.0;
                    out.add(new Trial(status, symbol, crossed.getEpochSecond() % 60 + crossed.getNano() / 1e9, reaction));
                    log.printf(java.util.Locale.ROOT, "reaction with one %d on the first close: %s crossed at :%02.0f, order %.1f s later%n",
                            status, symbol, (double) (crossed.getEpochSecond() % 60), reaction);
                }
            }
        }
        return new Result(out);
    }

    static Optional<String> status(DataSource db, UUID executionId) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM active_positions WHERE execution_id = ?")) {
            ps.setObject(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private FaultReactionBench() {
    }
}
