package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.local.OneMachineStack;
import com.tradinginfra.pm.local.bench.CrashBook;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash day on the embedded stack, with the account's budget in the database as in AWS: 50 lots
 * (stocks long and short, a third of them bracketed, long options by their OCC symbols, two lots on
 * each of four tickers) cross their stops in the same sweep. Every close reaches the simulator
 * exactly once, nothing is oversold, no request is rate-limited, and the trading requests are counted.
 */
class CrashDayTest {
    static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");
    static final String ACCOUNT = "crash";
    static final int LOTS = CrashBook.LOTS;

    @Test
    void fiftyStopsInOneSweepAreEachClosedOnceWithinTheAccountsBudget() throws Exception {
        ManagerSettings settings = ManagerSettings.defaults(ACCOUNT).withSweepsPerMinute(1);
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(settings, OPEN).withAccountBudget())) {
            AlpacaSimulator sim = stack.simulator();
            List<CrashBook.Lot> lots = CrashBook.open(stack, OPEN);
            sim.resetRequestLog();
            Instant now = OPEN.plusSeconds(60);
            stack.advanceTo(now);
            stack.tick(now);
            stack.drain();
            assertThat(statusCount(stack, "open")).as("all tracked").isEqualTo(LOTS);
            System.out.printf("crash day: tracking 50 lots took %d trading requests%n", tradingRequests(sim).size());

            CrashBook.crash(sim, lots);
            sim.resetRequestLog();
            minutePassesForTheBudget(stack);
            now = now.plusSeconds(60);
            stack.advanceTo(now);
            stack.tick(now);
            stack.drain();

            List<AlpacaSimulator.Order> closes = sim.orders(ACCOUNT).stream()
                    .filter(o -> o.clientOrderId() != null && o.clientOrderId().startsWith("pm-")).toList();
            assertThat(closes).as("one close order per lot").hasSize(LOTS);
            assertThat(closes.stream().map(AlpacaSimulator.Order::clientOrderId).distinct()).hasSize(LOTS);
            Map<String, Integer> heldBySymbol = new HashMap<>();
            Map<String, Boolean> longBySymbol = new HashMap<>();
            lots.forEach(l -> {
                heldBySymbol.merge(l.symbol(), l.qty(), Integer::sum);
                longBySymbol.put(l.symbol(), l.longSide());
            });
            Map<String, BigDecimal> soldBySymbol = new HashMap<>();
            for (AlpacaSimulator.Order o : closes) {
                assertThat(o.side()).as(o.symbol()).isEqualTo(longBySymbol.get(o.symbol()) ? "sell" : "buy");
                soldBySymbol.merge(o.symbol(), o.qty(), BigDecimal::add);
            }
            assertThat(soldBySymbol.keySet()).as("options by their OCC symbols").containsExactlyInAnyOrderElementsOf(heldBySymbol.keySet());
            heldBySymbol.forEach((symbol, held) -> assertThat(soldBySymbol.get(symbol)).as("never oversold: %s", symbol)
                    .isEqualByComparingTo(BigDecimal.valueOf(held)));

            List<AlpacaSimulator.Request> trading = tradingRequests(sim);
            assertThat(trading).as("nothing rate-limited").noneMatch(r -> r.status() == 429);
            long submits = count(trading, r -> r.method().equals("POST") && r.path().equals("/v2/orders"));
            long cancels = count(trading, r -> r.method().equals("DELETE"));
            long lookUps = count(trading, r -> r.path().startsWith("/v2/orders:by_client_order_id"));
            long onePosition = count(trading, r -> r.method().equals("GET") && r.path().startsWith("/v2/positions/"));
            long bracketed = lots.stream().filter(CrashBook.Lot::bracket).count();
            assertThat(submits).as("exactly once each").isEqualTo(LOTS);
            assertThat(cancels).as("the two legs of each bracketed lot").isEqualTo(2 * bracketed);
            assertThat(lookUps + onePosition).as("look-ups and positions come from the batches' reads").isZero();
            assertThat(trading.size()).as("the crash minute's trading requests, within the account's 190").isLessThanOrEqualTo(190);
            long closeReads = count(trading, r -> r.method().equals("GET") && r.path().equals("/v2/orders")
                    && "all".equals(r.query().get("status")));
            System.out.printf("crash day: %d trading requests in the minute (%d submits, %d cancels, %d batch order reads), "
                    + "%.2f per close%n", trading.size(), submits, cancels, closeReads, trading.size() / (double) LOTS);

            minutePassesForTheBudget(stack);
            now = now.plusSeconds(60);
            stack.advanceTo(now);
            stack.tick(now);
            stack.drain();
            assertThat(statusCount(stack, "closed")).as("the next sync confirms every fill").isEqualTo(LOTS);
            assertThat(sim.positions(ACCOUNT)).as("no position left, none opened the other way")
                    .allMatch(p -> p.qty().signum() == 0);
        }
    }

    private static List<AlpacaSimulator.Request> tradingRequests(AlpacaSimulator sim) {
        return sim.requests().stream()
                .filter(r -> ACCOUNT.equals(r.account()) && r.path().startsWith("/v2/") && !r.path().startsWith("/v2/stocks/")).toList();
    }

    /**
     * Simulated minutes pass in milliseconds, the bucket refills in wall-clock time: between two simulated
     * minutes it is refilled as a minute would refill it (the burst, full), and the simulator's window starts anew.
     */
    private static void minutePassesForTheBudget(OneMachineStack stack) throws Exception {
        try (Connection c = stack.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE request_budget SET tokens = ?, refilled_at = now() WHERE account_name = ?")) {
            ps.setInt(1, new com.tradinginfra.pm.domain.RequestRate(com.tradinginfra.pm.config.Configuration.DEFAULT_ACCOUNT_REQUESTS_PER_MINUTE)
                    .capacity());
            ps.setString(2, ACCOUNT);
            ps.executeUpdate();
        }
        stack.simulator().resetRateLimits();
    }

    private static long count(List<AlpacaSimulator.Request> requests, Predicate<AlpacaSimulator.Request> which) {
        return requests.stream().filter(which).count();
    }

    private static int statusCount(OneMachineStack stack, String status) throws Exception {
        try (Connection c = stack.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM active_positions WHERE account_name = ? AND status = ?")) {
            ps.setString(1, ACCOUNT);
            ps.setString(2, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
