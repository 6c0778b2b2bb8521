package com.tradinginfra.pm.local;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sub-minute sweeps and symbol ranges, in simulated (tick) time: behaviour, not wall-clock speed. */
class SweepCadenceTest {
    private static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");

    @Test
    void withFourSweepsAMinuteAStopCrossedMidMinuteIsClosedWithinFifteenSecondsOfTickTime() {
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults("large").withSweepsPerMinute(4), OPEN))) {
            AlpacaSimulator sim = stack.simulator();
            sim.setPrice("FOUR", "100.00");
            stack.dispatcher().stock("FOUR", "buy", 2, new BigDecimal("95"), new BigDecimal("120"), "swing_trade", false, OPEN);
            Instant t = OPEN;
            Instant crossed = null;
            Instant ordered = null;
            for (int step = 1; step <= 24 && ordered == null; step++) { // 5-second steps for two minutes
                t = t.plusSeconds(5);
                stack.advanceTo(t);
                if (t.getEpochSecond() % 60 == 0) {
                    stack.tick(t);
                }
                if (step == 16) { // 80 s in: between the sweeps at 75 s and 90 s
                    sim.setPrice("FOUR", "94.00");
                    crossed = t;
                }
                stack.drain();
                ordered = sim.orders("large").stream().filter(o -> o.symbol().equals("FOUR") && o.side().equals("sell"))
                        .map(AlpacaSimulator.Order::submittedAt).findFirst().orElse(null);
            }
            assertThat(crossed).isNotNull();
            assertThat(ordered).as("close order reached the broker").isNotNull();
            assertThat(Duration.between(crossed, ordered)).isLessThanOrEqualTo(Duration.ofSeconds(15));
        }
    }

    @Test
    void aLargeAccountIsSweptInSymbolRangesThatTogetherCoverEveryLotAndAskEachSymbolOnce() throws Exception {
        ManagerSettings settings = ManagerSettings.defaults("large").withSweepsPerMinute(1).withLotsPerSweep(100);
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(settings, OPEN))) {
            AlpacaSimulator sim = stack.simulator();
            for (int i = 0; i < 250; i++) {
                sim.setPrice("L" + i, "10.00");
                sim.openPosition("large", "L" + i, BigDecimal.ONE, new BigDecimal("10.00"));
            }
            Instant t = OPEN;
            Map<String, Object> report = Map.of();
            for (int minute = 1; minute <= 4; minute++) { // adoption waits out the fills' grace period
                t = t.plusSeconds(60);
                stack.advanceTo(t);
                if (minute == 4) {
                    sim.resetRequestLog();
                }
                report = stack.tick(t);
                stack.drain();
            }
            assertThat(report).containsEntry("sweepsSent", 3); // 250 lots in ranges of 100
            // the three ranges hold disjoint symbols: each of the 250 is asked once, one request per range
            List<AlpacaSimulator.Request> snapshots = sim.requests("GET", "/v2/stocks/snapshots");
            assertThat(snapshots).hasSize(3);
            List<String> asked = snapshots.stream().flatMap(r -> List.of(r.query().get("symbols").split(",")).stream()).toList();
            assertThat(asked).hasSize(250).doesNotHaveDuplicates();
            try (Connection c = stack.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE last_checked_at = '" + t + "'), count(*) "
                         + "FROM active_positions WHERE account_name = 'large' AND status = 'open'")) {
                rs.next();
                assertThat(rs.getInt(2)).isEqualTo(250);
                assertThat(rs.getInt(1)).as("lots swept at the last tick").isEqualTo(250);
            }
        }
    }
}
