package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.local.reliability.StackFixture;
import com.tradinginfra.pm.local.OneMachineStack;
import com.tradinginfra.pm.queue.MessageCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controls for the bad day end to end: {@code ./pm retry|close|flatten|pause|resume|status}
 * through {@link Main} against the embedded stack's database, the functions doing the rest through
 * ElasticMQ and the Alpaca simulator. Each test uses its own symbols; flatten gets a stack of its own.
 */
class OperatorControlsTest {
    /** Monday 2026-11-23, 10:00 ET. */
    static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");

    private static Stack s;

    /** A stack and its simulated clock. */
    static final class Stack implements AutoCloseable {
        final OneMachineStack stack;
        final AlpacaSimulator sim;
        Instant now = OPEN;

        Stack() {
            stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults("large").withSweepsPerMinute(1), OPEN));
            sim = stack.simulator();
        }

        void minutes(int n) {
            for (int i = 0; i < n; i++) {
                now = now.plusSeconds(60);
                stack.advanceTo(now);
                stack.tick(now);
                stack.drain();
            }
        }

        EntryTrader.Opened stock(String symbol, String entry, String stop, boolean bracket) {
            sim.setPrice(symbol, entry);
            BigDecimal e = new BigDecimal(entry);
            return stack.dispatcher().stock(symbol, "buy", 10, new BigDecimal(stop), e.multiply(new BigDecimal("1.5")), "swing_trade",
                    bracket, now);
        }

        /** ./pm with the stack's database, account and a fixed operator, at the simulated time. */
        Run pm(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--db-url", stack.database().url(), "--db-user", stack.database().user(),
                    "--db-password", stack.database().password(), "--account", "large"));
            if (!args[0].equals("status")) {
                all.addAll(List.of("--by", "tester"));
            }
            return Run.of(all.toArray(new String[0]), Clock.fixed(now, ZoneOffset.UTC));
        }

        Map<String, Object> lot(Object executionId) {
            return Db.query(stack.dataSource(), "SELECT * FROM active_positions WHERE execution_id = ?::uuid", executionId.toString()).get(0);
        }

        long id(Object executionId) {
            return ((Number) lot(executionId).get("id")).longValue();
        }

        List<Map<String, Object>> events(long lotId, String type) {
            return Db.query(stack.dataSource(), "SELECT details::text AS details FROM position_events WHERE position_id = ? "
                    + "AND event_type = ? ORDER BY id", lotId, type);
        }

        /** The position manager's sell orders for a symbol (client order ids it made). */
        List<AlpacaSimulator.Order> sells(String symbol) {
            return StackFixture.ourSells(sim, "large", symbol);
        }

        @Override
        public void close() {
            stack.close();
        }
    }

    /** One ./pm run: exit code and what it printed. */
    record Run(int code, String out, String err) {
        static Run of(String[] args, Clock clock) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                    clock, Map.of());
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        }

        static Run of(String... args) {
            return of(args, Clock.systemUTC());
        }

        /** The run failed with exactly one line on stderr, no stack trace. */
        Run failsWithOneLine(int expectedCode) {
            assertThat(code).as(err).isEqualTo(expectedCode);
            assertThat(err.strip().lines()).as(err).hasSize(1);
            assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    @BeforeAll
    static void start() {
        s = new Stack();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @AfterEach
    void clearFaultsAndResume() {
        s.sim.faults().clear();
        s.pm("resume"); // a failed pause test must not stop the others
    }

    @Test
    void aRetriedCloseFailedLotClosesOnceWithOneOrderAtTheSimulator() {
        String occ = "NOW261218P00900000";
        s.sim.setPrice("NOW", "950.00");
        s.sim.setPrice(occ, "4.80");
        var opened = s.stack.dispatcher().option("NOW", occ, "PUT", 1, new BigDecimal("3.60"), new BigDecimal("7.20"),
                "swing_trade", LocalDate.of(2026, 12, 18), s.now);
        s.minutes(1);
        s.sim.faults().rejectCloseWithBuyingPower(occ);
        s.sim.setPrice(occ, "3.50");
        s.minutes(6);
        long id = s.id(opened.executionId());
        assertThat(s.lot(opened.executionId())).containsEntry("status", "close_failed").containsEntry("close_attempts", 3);
        assertThat(s.pm("close", String.valueOf(id), "--reason", "x").failsWithOneLine(1).err()).contains("close_failed", "retry");
        s.sim.faults().clear(); // the buying power is back

        Run retry = s.pm("retry", String.valueOf(id));
        assertThat(retry.code()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("lot " + id, "attempt 4", "pm-large-" + id + "-4");
        assertThat(s.lot(opened.executionId())).containsEntry("status", "closing").containsEntry("close_attempts", 4);
        assertThat(s.pm("retry", String.valueOf(id)).failsWithOneLine(1).err()).as("a second retry").contains("closing already");
        s.minutes(2); // the next sync sends it, CloseOrderFunction submits, the sync after confirms the fill

        Map<String, Object> lot = s.lot(opened.executionId());
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat(s.sells(occ)).singleElement().satisfies(o -> {
            assertThat(o.clientOrderId()).isEqualTo("pm-large-" + id + "-4");
            assertThat(o.status()).isEqualTo("filled");
            assertThat(o.qty()).isEqualByComparingTo("1");
        });
        assertThat(s.events(id, "close_retried")).singleElement().asString().contains("\"by\": \"tester\"", "\"attempt\": 4");
    }

    @Test
    void whilePausedNoOrderIsSentAndAfterTheResumeDueExitsHappenAtTheNextSweepAndDeferredClosesAreSent() {
        var stopped = s.stock("PSA", "50.00", "47.50", false);
        var manual = s.stock("PSB", "80.00", "70.00", true);
        var inFlight = s.stock("PSC", "30.00", "25.00", false);
        s.minutes(1);
        long manualId = s.id(manual.executionId());
        long inFlightId = s.id(inFlight.executionId());
        assertThat(s.pm("pause").failsWithOneLine(2).err()).contains("--reason");

        Run pause = s.pm("pause", "--reason", "broker incident");
        assertThat(pause.code()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("PAUSED");
        assertThat(s.pm("pause", "--reason", "again").out()).contains("paused already", "tester", "broker incident");
        s.sim.setPrice("PSA", "45.00"); // below its stop
        assertThat(s.pm("close", String.valueOf(manualId), "--reason", "desk says so").out()).contains("closing", "PAUSED");
        // a close request already in CloseQueue when the pause began
        assertThat(s.pm("close", String.valueOf(inFlightId), "--reason", "in flight").code()).isZero();
        s.stack.sqs().client().sendMessage(b -> b.queueUrl(s.stack.sqs().queueUrl(QueueTopology.CLOSE))
                .messageBody(MessageCodec.encode(new CloseRequest("large", inFlightId, 1, "manual", s.now))));
        s.stack.drain();
        s.minutes(2);

        assertThat(s.lot(stopped.executionId())).as("priced, but no exit decided").containsEntry("status", "open");
        assertThat((BigDecimal) s.lot(stopped.executionId()).get("current_price")).isEqualByComparingTo("45.00");
        assertThat(s.lot(manual.executionId())).containsEntry("status", "closing").containsEntry("close_attempts", 1);
        assertThat(s.lot(inFlight.executionId())).containsEntry("close_attempts", 1);
        assertThat(s.events(inFlightId, "close_deferred")).singleElement().asString().contains("trading is paused");
        assertThat(Stream.of("PSA", "PSB", "PSC").flatMap(sym -> s.sim.orders("large").stream()
                .filter(o -> o.symbol().equals(sym) && o.side().equals("sell") && !"held".equals(o.status()) && o.parentId() == null)))
                .as("no order while paused").isEmpty();
        assertThat(Db.query(s.stack.dataSource(), "SELECT paused_accounts FROM v_position_health_check").get(0).get("paused_accounts"))
                .isEqualTo(1L);
        assertThat(s.pm("status").out()).contains("PAUSED since", "by tester: broker incident");

        Run resume = s.pm("resume");
        assertThat(resume.code()).isZero();
        assertThat(resume.out()).contains("trades again");
        // PSA trades on at 45: a price older than PRICE_MAX_AGE_SECONDS would decide no exit at all
        s.sim.setPrice("PSA", "45.00");
        s.minutes(2);

        assertThat(s.lot(stopped.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat(s.lot(manual.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "manual");
        assertThat(s.lot(inFlight.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "manual");
        for (String sym : List.of("PSA", "PSB", "PSC")) {
            assertThat(s.sells(sym)).as(sym).singleElement().satisfies(o -> assertThat(o.clientOrderId()).endsWith("-1"));
        }
        assertThat(s.sim.positions("large").stream().filter(p -> p.symbol().startsWith("PS"))).isEmpty();
        assertThat(Db.query(s.stack.dataSource(), "SELECT event_type, details->>'by' AS by FROM position_events "
                + "WHERE position_id IS NULL AND event_type LIKE 'trading_%' ORDER BY id"))
                .extracting(r -> r.get("event_type") + " " + r.get("by")).containsExactly("trading_paused tester", "trading_resumed tester");
        assertThat(s.pm("resume").out()).contains("is not paused");
    }

    @Test
    void flattenClosesEveryLotOnceAndLeavesTheBrokerFlat() {
        try (Stack f = new Stack()) {
            var a = f.stock("FLA", "50.00", "45.00", true);
            var b = f.stock("FLB", "20.00", "18.00", false);
            String occ = "FLC261218C00100000";
            f.sim.setPrice("FLC", "100.00");
            f.sim.setPrice(occ, "5.00");
            var c = f.stack.dispatcher().option("FLC", occ, "CALL", 2, new BigDecimal("2.50"), new BigDecimal("10.00"),
                    "swing_trade", LocalDate.of(2026, 12, 18), f.now);
            f.minutes(1);
            assertThat(f.sim.positions("large")).hasSize(3);
            assertThat(f.pm("flatten").failsWithOneLine(2).err()).contains("--reason");
            assertThat(f.pm("flatten", "--symbol", "NOPE", "--reason", "r").out()).contains("nothing to close");

            Run flatten = f.pm("flatten", "--reason", "end of the world");
            assertThat(flatten.code()).as(flatten.err()).isZero();
            assertThat(flatten.out()).contains("3 lots closing");
            assertThat(f.pm("flatten", "--reason", "twice").out()).as("already closing: nothing twice").contains("closing already");
            f.minutes(2);

            for (var opened : List.of(a, b, c)) {
                assertThat(f.lot(opened.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "manual");
                assertThat(f.events(f.id(opened.executionId()), "close_requested")).singleElement().asString()
                        .contains("\"command\": \"flatten\"", "\"by\": \"tester\"", "end of the world");
            }
            assertThat(f.sells("FLA")).singleElement();
            assertThat(f.sells("FLB")).singleElement();
            assertThat(f.sells(occ)).singleElement().satisfies(o -> assertThat(o.qty()).isEqualByComparingTo("2"));
            assertThat(f.sim.positions("large")).as("the broker is flat").isEmpty();
            assertThat(f.sim.orders("large").stream().filter(AlpacaSimulator.Order::isOpen)).as("no leg left working").isEmpty();
            assertThat(f.pm("flatten", "--reason", "after").out()).contains("nothing to close");
        }
    }

    @Test
    void statusShowsThePauseTheLastSweepTheCountsAndTheLotsNeedingAttention() {
        var stuck = s.stock("STA", "40.00", "30.00", false);
        s.minutes(1);
        long id = s.id(stuck.executionId());
        Db.query(s.stack.dataSource(), "UPDATE active_positions SET status = 'close_failed', close_attempts = 3, "
                + "close_error = 'insufficient qty' WHERE id = ? RETURNING id", id);

        Run status = s.pm("status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("account large", "trading:", "last sweep:", "open_positions", "close_failed 1",
                "stuck_closing", "attention:");
        String row = status.out().lines().filter(l -> l.contains("STA")).findFirst().orElseThrow();
        assertThat(row).contains(String.valueOf(id), "close_failed", "insufficient qty");
        assertThat(status.out()).containsPattern("last sweep:\\s+\\d+ s ago");
        Db.query(s.stack.dataSource(), "UPDATE active_positions SET status = 'closed', quantity = 0 WHERE id = ? RETURNING id", id);
    }

    @Test
    void everyErrorIsOneLineNamingWhatIsWrong() {
        assertThat(Run.of("health", "--db-url", "notaurl").failsWithOneLine(2).err()).contains("--db-url", "jdbc:postgresql://");
        assertThat(Run.of("status", "--db-url", "notaurl").failsWithOneLine(2).err()).contains("--db-url");
        assertThat(Run.of("positions", "--db-url", "jdbc:postgresql://127.0.0.1:1/nowhere").failsWithOneLine(1).err())
                .contains("cannot connect to jdbc:postgresql://127.0.0.1:1/nowhere");
        assertThat(Run.of("status", "--db-url", "jdbc:postgresql://127.0.0.1:1/nowhere").failsWithOneLine(1).err())
                .startsWith("pm status: cannot connect");
        assertThat(Run.of("close", "7", "--db-url", "jdbc:postgresql://127.0.0.1:1/x").failsWithOneLine(2).err())
                .contains("--reason");
        assertThat(Run.of("close", "seven", "--reason", "r").failsWithOneLine(2).err()).contains("seven", "LOT");
        assertThat(Run.of("retry").failsWithOneLine(2).err()).contains("LOT");
        assertThat(Run.of("pause", "--reason", "r", "--data", "/nonexistent/pm").failsWithOneLine(2).err())
                .contains("no data directory /nonexistent/pm");
        assertThat(Run.of("frobnicate").failsWithOneLine(2).err()).contains("unknown command 'frobnicate'");
        assertThat(Run.of("--frob").failsWithOneLine(2).err()).contains("--frob");
        assertThat(s.pm("retry", "999999").failsWithOneLine(1).err()).contains("lot 999999 does not exist in account large");
        assertThat(Run.of("status", "--account", "no spaces please").failsWithOneLine(2).err()).contains("account name");
    }

    @Test
    void theHelpListsTheControls() {
        Run help = Run.of("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("demo", "run", "positions", "health", "history", "bench", "status", "retry", "close",
                "flatten", "pause", "resume", "Exit codes");
        Run close = Run.of("close", "--help");
        assertThat(close.code()).isZero();
        assertThat(close.out()).contains("LOT", "--reason", "--by", "--db-url", "--data", "--account");
        assertThat(Run.of().code()).as("no command").isEqualTo(2);
    }
}
