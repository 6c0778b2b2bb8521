package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.Execution;
import com.tradinginfra.pm.domain.ExecutionCheck;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.Reconciliation;
import com.tradinginfra.pm.domain.exit.ExitContext;
import com.tradinginfra.pm.domain.exit.ExitPolicy;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SnapStart priming: before the snapshot, runs the hot code paths (event and message parsing, OCC parsing,
 * exit rules, reconciliation, JSON) on made-up data, so a restored container starts with those
 * classes loaded and compiled. It opens no connection and calls no broker: the snapshot holds no
 * live state, and connections are opened lazily after restore.
 */
public final class Priming implements Resource {
    /** CRaC keeps resources weakly: this keeps them alive. */
    private static final List<Priming> REGISTERED = new ArrayList<>();
    private static final Instant T = Instant.parse("2026-01-05T15:00:00Z");

    private Priming() {
    }

    /** Registers the priming hook once per container. */
    public static synchronized void register() {
        if (REGISTERED.isEmpty()) {
            Priming priming = new Priming();
            REGISTERED.add(priming);
            Core.getGlobalContext().register(priming);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        warmUp();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to restore: no connection was opened before the checkpoint.
    }

    /** The warm-up itself: pure computation on synthetic data. Returns the number of decisions made. */
    public static int warmUp() {
        int decisions = 0;
        ExitSettings settings = ExitSettings.defaults();
        ExitPolicy policy = ExitPolicy.standard(settings);
        MarketSession session = MarketSession.of(LocalDate.of(2026, 1, 5), LocalTime.of(9, 30), LocalTime.of(16, 0));
        Instrument option = new Instrument.OptionContract(OccSymbol.parse("PRIME260320C00100000"));
        for (int i = 0; i < 2_000; i++) {
            Instrument instrument = i % 2 == 0 ? new Instrument.Stock("PRIME") : option;
            Lot lot = new Lot(i, "priming", UUID.randomUUID(), instrument, i % 3 == 0 ? PositionSide.SHORT : PositionSide.LONG,
                    BigDecimal.TEN, new BigDecimal("100"), T, new BigDecimal("95"), new BigDecimal("115"),
                    i % 5 == 0 ? Lot.DAY_TRADE : "swing_trade", null, new ProtectiveLegs("s" + i, "t" + i), null,
                    LotStatus.OPEN, null, null, null, 0, null);
            BigDecimal price = new BigDecimal(90 + i % 30);
            policy.decide(lot, new ExitContext(T.plusSeconds(i), price, lot.nextPeak(price), Optional.of(session), Set.of("s" + i)));
            lot.pnlAt(price);
            decisions++;
        }
        String sweep = MessageCodec.encode(SweepRequest.all("priming", T, 0));
        MessageCodec.sweepRequest(sweep);
        primeEventJson(sweep);
        MessageCodec.closeRequest(MessageCodec.encode(new CloseRequest("priming", 1, 1, "stop_loss", T)));
        new ExecutionCheck(settings).check(new Execution(UUID.randomUUID(), "priming", "PRIME", "CALL", "PRIME260320C00100000",
                "buy", BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("2.5"), null, null, "swing_trade", null, null,
                "ALPACA_PAPER", "FILLED", "o", null, null, T), "priming", T);
        Lot lot = new Lot(1, "priming", null, new Instrument.Stock("PRIME"), PositionSide.LONG, BigDecimal.TEN,
                new BigDecimal("100"), T, null, null, null, null, new ProtectiveLegs("s", "t"), "e", LotStatus.OPEN, null, null,
                null, 0, null);
        new Reconciliation(settings).plan(new Reconciliation.Input("priming", List.of(lot),
                List.of(new BrokerFill("f", "s", "PRIME", OrderSide.SELL, BigDecimal.TEN, new BigDecimal("95"), T)),
                List.of(new BrokerPosition("OTHER", false, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.TEN)),
                List.of(), T.plusSeconds(600)));
        return decisions;
    }

    /** The handlers' entry: an SQS event and a scheduled event read, a batch response and a summary written. */
    private static void primeEventJson(String body) {
        JsonObject record = new JsonObject();
        record.addProperty("messageId", "priming");
        record.addProperty("body", body);
        JsonObject attributes = new JsonObject();
        attributes.addProperty("SentTimestamp", String.valueOf(T.toEpochMilli()));
        record.add("attributes", attributes);
        JsonArray records = new JsonArray();
        records.add(record);
        JsonObject event = new JsonObject();
        event.add("Records", records);
        try {
            var sqs = EventJson.sqsEvent(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)));
            EventJson.write(new SQSBatchResponse(List.of(
                    new SQSBatchResponse.BatchItemFailure(sqs.getRecords().get(0).getMessageId()))),
                    OutputStream.nullOutputStream());
            String tick = "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"time\":\"" + T + "\",\"detail\":{}}";
            EventJson.scheduledEvent(new ByteArrayInputStream(tick.getBytes(StandardCharsets.UTF_8)));
            EventJson.write(Map.of("tick", T.toString(), "tracked", 0), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("priming the event JSON", e); // in-memory streams: cannot happen
        }
    }
}
