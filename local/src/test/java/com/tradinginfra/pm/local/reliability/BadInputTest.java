package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.embedded.ExecutionRowWriter;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ExecutionNotice;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear error naming the field, fails only its own item, and stops nothing else. */
class BadInputTest {
    @RegisterExtension
    static final StackFixture f = new StackFixture();

    @Test
    void badExecutionsAreRejectedOnceNamingTheFieldAndTheGoodOneIsTracked() {
        f.sim.setPrice("GOOD", "10.00");
        EntryTrader.Opened good = f.stack.dispatcher().stock("GOOD", "buy", 5, new BigDecimal("9.5"),
                new BigDecimal("12"), "swing_trade", false, f.now);
        ExecutionRowWriter table = f.stack.dispatcherTable();
        Map<UUID, String> bad = new LinkedHashMap<>();
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("NOPX").qty("5").entry(null)), "entry_price");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("ZERO").qty("0").entry("10")), "filled_qty");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("NEG").qty("-3").entry("10")), "filled_qty");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("FUT").instrumentType("FUTURE").qty("1").entry("10")), "instrument_type");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("AAPL").option("CALL", null).qty("1").entry("2")), "option_symbol");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("AAPL").option("CALL", "GOOGL261218C00340000").qty("1").entry("2")), "option_symbol");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("AAPL").option("CALL", "AAPL2612X8C00200000").qty("1").entry("2")), "option_symbol");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("AAPL").option("PUT", "AAPL251219P00200000").qty("1").entry("2")
                .expiration(LocalDate.of(2025, 12, 19))), "expiration_date");
        bad.put(table.insert(ExecutionRowWriter.execution().ticker("SIDE").side("hold").qty("1").entry("10")), "side");
        f.minute();
        f.minute(); // a second sync reports nothing twice

        assertThat(f.lotOf(good.executionId())).containsEntry("status", "open");
        for (Map.Entry<UUID, String> e : bad.entrySet()) {
            List<Map<String, Object>> events = f.rows("SELECT details->>'field' AS field, details->>'error' AS error FROM position_events "
                    + "WHERE event_type = 'execution_rejected' AND execution_id = '" + e.getKey() + "'");
            assertThat(events).as("rejection of an execution with a bad " + e.getValue()).singleElement()
                    .satisfies(ev -> {
                        assertThat(ev.get("field")).isEqualTo(e.getValue());
                        assertThat((String) ev.get("error")).isNotBlank();
                    });
            assertThat(f.lotOf(e.getKey())).isEmpty();
        }
        assertThat(f.rows("SELECT details->>'error' AS e FROM position_events WHERE execution_id = '"
                + bad.keySet().iterator().next() + "'").get(0).get("e")).asString().contains("entry_price is missing");
    }

    @Test
    void anotherAccountsExecutionIsNeverTracked() {
        UUID tiny = f.stack.dispatcherTable().insert(ExecutionRowWriter.execution().account("tiny").ticker("TINY").qty("1").entry("10"));
        f.minute();
        assertThat(f.lotOf(tiny)).isEmpty();
        assertThat(f.count("SELECT count(*) FROM position_events WHERE execution_id = '" + tiny + "'")).isZero();
    }

    @Test
    void malformedAndForeignMessagesFailOnlyTheirItemAndEndInTheDeadLetterQueues() {
        var sqs = f.stack.sqs();
        String sweepQueue = sqs.queueUrl(QueueTopology.SWEEP);
        String closeQueue = sqs.queueUrl(QueueTopology.CLOSE);
        String executionQueue = sqs.queueUrl(QueueTopology.EXECUTION);
        f.sim.setPrice("MIX", "20.00");
        EntryTrader.Opened good = f.stack.dispatcher().stock("MIX", "buy", 2, new BigDecimal("19"),
                new BigDecimal("25"), "swing_trade", false, f.now);
        f.now = f.now.plusSeconds(30);
        f.stack.advanceTo(f.now);
        for (String body : List.of("not json at all", "{\"account\":\"large\"}", "{\"account\":\"large\",\"asOf\":\"yesterday\"}",
                MessageCodec.encode(SweepRequest.all("tiny", f.now, 0)))) {
            sqs.client().sendMessage(b -> b.queueUrl(sweepQueue).messageBody(body));
        }
        for (String body : List.of("[1,2,3]", "{\"account\":\"large\",\"lotId\":\"x\",\"attempt\":1,\"asOf\":\"2026-11-23T15:00:00Z\"}",
                MessageCodec.encode(new CloseRequest("tiny", 1, 1, "stop_loss", f.now)),
                MessageCodec.encode(new CloseRequest("large", 999_999, 1, "stop_loss", f.now)))) {
            sqs.client().sendMessage(b -> b.queueUrl(closeQueue).messageBody(body));
        }
        for (String body : List.of("{\"execution_id\":\"not-a-uuid\"}", "{}",
                MessageCodec.encode(new ExecutionNotice(UUID.randomUUID())),
                MessageCodec.encode(new ExecutionNotice(good.executionId())))) {
            sqs.client().sendMessage(b -> b.queueUrl(executionQueue).messageBody(body));
        }
        // the good execution notice tracks the lot at once, before any tick
        f.stack.drain();
        assertThat(f.lotOf(good.executionId())).containsEntry("status", "open");
        for (int i = 0; i < 6; i++) {
            f.redeliver();
        }
        assertThat(f.stack.deadLetters(QueueTopology.SWEEP)).isEqualTo(4);
        assertThat(f.stack.deadLetters(QueueTopology.CLOSE)).isEqualTo(4);
        assertThat(f.stack.deadLetters(QueueTopology.EXECUTION)).isEqualTo(3);
        // Meanwhile the account is managed as usual.
        f.sim.setPrice("MIX", "18.50");
        f.minute();
        f.minute();
        assertThat(f.lotOf(good.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
    }

    @Test
    void anExecutionNoticeTracksTheLotWithinSecondsOfTheFill() {
        f.sim.setPrice("FAST", "30.00");
        EntryTrader.Opened opened = f.stack.dispatcher().stock("FAST", "buy", 1, new BigDecimal("28"),
                new BigDecimal("35"), "day_trade", false, f.now);
        f.stack.sqs().client().sendMessage(b -> b.queueUrl(f.stack.sqs().queueUrl(QueueTopology.EXECUTION))
                .messageBody(MessageCodec.encode(new ExecutionNotice(opened.executionId()))));
        f.stack.drain(); // no tick: only the ExecutionFunction ran
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "open").containsEntry("strategy_type", "day_trade");
        f.minute(); // the next tick does not track it again
        assertThat(f.count("SELECT count(*) FROM active_positions WHERE execution_id = '" + opened.executionId() + "'")).isEqualTo(1);
    }

    @Test
    void aNoticeForAnExecutionNotFilledYetTracksNothingUntilItFills() {
        f.sim.setPrice("WAIT", "40.00");
        f.sim.openPosition("large", "WAIT", new BigDecimal("2"), new BigDecimal("40.00"));
        UUID pending = f.stack.dispatcherTable().insert(ExecutionRowWriter.execution().ticker("WAIT").qty("2").entry("40").status("NEW"));
        UUID simulated = f.stack.dispatcherTable().insert(ExecutionRowWriter.execution().ticker("SIMU").qty("2").entry("40").mode("SIMULATED"));
        var sqs = f.stack.sqs();
        int deadBefore = f.stack.deadLetters(QueueTopology.EXECUTION);
        for (UUID id : List.of(pending, simulated)) {
            sqs.client().sendMessage(b -> b.queueUrl(sqs.queueUrl(QueueTopology.EXECUTION))
                    .messageBody(MessageCodec.encode(new ExecutionNotice(id))));
        }
        f.stack.drain();
        assertThat(f.lotOf(pending)).isEmpty();
        assertThat(f.lotOf(simulated)).isEmpty();
        assertThat(f.stack.deadLetters(QueueTopology.EXECUTION)).isEqualTo(deadBefore); // not bad input: nothing to do yet
        f.stack.dispatcherTable().updateFilled(pending, "2", "FILLED");
        f.minute();
        assertThat(f.lotOf(pending)).containsEntry("status", "open");
        assertThat(f.lotOf(simulated)).isEmpty();
    }

    @Test
    void aSweepOlderThanOneAlreadyProcessedIsDropped() {
        f.sim.setPrice("OLD", "50.00");
        EntryTrader.Opened opened = f.stack.dispatcher().stock("OLD", "buy", 1, new BigDecimal("47.5"),
                new BigDecimal("60"), "swing_trade", false, f.now);
        f.minute();
        f.sim.setPrice("OLD", "45.00");
        // A sweep from a minute ago arrives late, after the current one: it must not act.
        var sqs = f.stack.sqs();
        java.time.Instant late = f.now.minusSeconds(60);
        sqs.client().sendMessage(b -> b.queueUrl(sqs.queueUrl(QueueTopology.SWEEP))
                .messageBody(MessageCodec.encode(SweepRequest.all("large", late, 0))));
        f.stack.drain();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "open");
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closing");
    }
}
