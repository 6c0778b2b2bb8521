package com.tradinginfra.pm.store;

import com.google.gson.JsonParser;
import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    /** One of every event type (the test below fails when a type has none). */
    static List<AuditEvent> everyType() {
        return List.of(
                new AuditEvent.Tracked("AAPL", PositionSide.LONG, new BigDecimal("10"), new BigDecimal("230.50"),
                        new BigDecimal("225.40"), new BigDecimal("240.00")),
                new AuditEvent.Adopted("GOOGL260220C00340000", PositionSide.SHORT, new BigDecimal("2"), new BigDecimal("4.1500")),
                new AuditEvent.ExecutionRejected("entry_price", "entry_price is missing"),
                new AuditEvent.ExitTriggered(CloseReason.STOP_LOSS, "price 225.1 crossed stop 225.4", "AAPL", new BigDecimal("225.10"), 1),
                new AuditEvent.ExitTriggered(CloseReason.MISSING_BRACKETS, "no open stop or target order", "MSFT", null, 1),
                new AuditEvent.CloseSubmitted("order-1", "pm-7-1", "AAPL", OrderSide.SELL, new BigDecimal("10"), "stop_loss"),
                new AuditEvent.CloseSubmitted("order-2", "pm-8-2", "TSLA", OrderSide.BUY, new BigDecimal("3"), null),
                new AuditEvent.CloseRefused(1, BrokerFailure.INSUFFICIENT_BUYING_POWER, 403, "insufficient options buying power",
                        LotStatus.CLOSING),
                new AuditEvent.CloseFailed(3, BrokerFailure.INSUFFICIENT_BUYING_POWER, 403, "insufficient options buying power",
                        LotStatus.CLOSE_FAILED),
                new AuditEvent.CloseDeferred(2, "options market orders are only allowed during market hours"),
                new AuditEvent.CloseResent(2),
                new AuditEvent.CloseRestarted(3, "canceled"),
                new AuditEvent.CloseSkipped("the broker holds no AAPL", 1),
                new AuditEvent.PartiallyClosed("AAPL", new BigDecimal("4"), new BigDecimal("231.2500"), new BigDecimal("3.00"),
                        CloseReason.MANUAL, "fill"),
                new AuditEvent.Closed("AAPL", new BigDecimal("6"), new BigDecimal("240.0000"), new BigDecimal("57.00"),
                        CloseReason.TAKE_PROFIT, "order"),
                new AuditEvent.OrphanedLegsCanceled(List.of("leg-stop", "leg-target")),
                new AuditEvent.Anomaly("NVDA", "the broker holds 5 NVDA that no lot or fill explains"),
                new AuditEvent.CloseDeferred(1, null, "trading is paused"),
                new AuditEvent.CloseRequested("AAPL", 1, AuditEvent.CloseRequested.Command.FLATTEN, "alice", "broker outage"),
                new AuditEvent.CloseRetried("NOW261218P00900000", 4, "alice", null),
                new AuditEvent.TradingPaused("alice", "broker outage"),
                new AuditEvent.TradingResumed("bob", null),
                new AuditEvent.PriceStale("SPXW240327P04925000", new BigDecimal("14.85"),
                        java.time.Instant.parse("2024-03-05T16:36:57.709309696Z"), "trade", 162_000, CloseReason.STOP_LOSS),
                new AuditEvent.ProtectionArmed("AAPL", OrderSide.SELL, new BigDecimal("10"), new BigDecimal("225.40"),
                        new BigDecimal("240.00"), "leg-stop", "pair-1", "pm-large-7-p1", 1),
                new AuditEvent.ProtectionRefused("AAPL", 2, BrokerFailure.REJECTED, 422, "stop price must be below the market"),
                new AuditEvent.PartialExit("AAPL", new BigDecimal("5"), new BigDecimal("105.2000"), new BigDecimal("26.00"),
                        "order-9", new BigDecimal("5"), "fill"),
                new AuditEvent.ScaleOutEnded("AAPL", new BigDecimal("5"), new BigDecimal("95.00"), new BigDecimal("100.00"),
                        "order filled"));
    }

    @Test
    void theSamplesCoverEveryEventType() {
        Set<EventType> covered = everyType().stream().map(AuditEvent::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));
        assertThat(covered).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyEventTypeRoundTrips(AuditEvent event) {
        String type = EventCodec.type(event);
        String details = EventCodec.details(event);

        assertThat(EventCodec.decode(type, details)).isEqualTo(event);
        assertThat(EventType.find(type)).contains(event.type());
    }

    @Test
    void theStoredTypesAreTheOperatorsNames() {
        assertThat(EnumSet.allOf(EventType.class).stream().map(EventType::code)).containsExactly("tracked", "adopted",
                "execution_rejected", "exit_triggered", "close_submitted", "close_refused", "close_failed", "close_deferred",
                "close_resent", "close_restarted", "close_skipped", "partially_closed", "closed", "orphaned_legs_canceled", "anomaly",
                "close_requested", "close_retried", "trading_paused", "trading_resumed", "price_stale",
                "protection_armed", "protection_refused", "partial_exit", "scale_out_ended");
    }

    @Test
    void theStoredDetailsKeepTheirKeysAndForms() {
        List<AuditEvent> all = everyType();
        // Amounts as plain text; exit_triggered's price and every attempt as JSON numbers; absent values left out.
        assertThat(json(all.get(0))).isEqualTo(json("{\"symbol\":\"AAPL\",\"side\":\"long\",\"quantity\":\"10\","
                + "\"entry_price\":\"230.50\",\"stop_loss\":\"225.40\",\"take_profit\":\"240.00\"}"));
        assertThat(json(all.get(3))).isEqualTo(json("{\"rule\":\"stop_loss\",\"detail\":\"price 225.1 crossed stop 225.4\","
                + "\"symbol\":\"AAPL\",\"price\":225.10,\"attempt\":1}"));
        assertThat(json(all.get(4))).isEqualTo(json("{\"rule\":\"missing_brackets\",\"detail\":\"no open stop or target order\","
                + "\"symbol\":\"MSFT\",\"attempt\":1}"));
        assertThat(json(all.get(5))).isEqualTo(json("{\"order_id\":\"order-1\",\"client_order_id\":\"pm-7-1\",\"symbol\":\"AAPL\","
                + "\"side\":\"sell\",\"quantity\":\"10\",\"reason\":\"stop_loss\"}"));
        assertThat(json(all.get(8))).isEqualTo(json("{\"attempt\":3,\"failure\":\"INSUFFICIENT_BUYING_POWER\",\"broker_status\":403,"
                + "\"broker_message\":\"insufficient options buying power\",\"status\":\"close_failed\"}"));
        assertThat(json(all.get(14))).isEqualTo(json("{\"symbol\":\"AAPL\",\"quantity\":\"6\",\"exit_price\":\"240.0000\","
                + "\"realized_pnl\":\"57.00\",\"reason\":\"take_profit\",\"source\":\"order\"}"));
        assertThat(json(all.get(15))).isEqualTo(json("{\"orders\":\"leg-stop,leg-target\"}"));
        assertThat(json(all.get(all.size() - 4))).isEqualTo(json("{\"symbol\":\"AAPL\",\"side\":\"sell\",\"quantity\":\"10\","
                + "\"stop_loss\":\"225.40\",\"take_profit\":\"240.00\",\"stop_order_id\":\"leg-stop\","
                + "\"target_order_id\":\"pair-1\",\"client_order_id\":\"pm-large-7-p1\",\"arm\":1}"));
        assertThat(json(all.get(17))).isEqualTo(json("{\"attempt\":1,\"why\":\"trading is paused\"}"));
        assertThat(json(all.get(18))).isEqualTo(json("{\"symbol\":\"AAPL\",\"attempt\":1,\"command\":\"flatten\","
                + "\"by\":\"alice\",\"why\":\"broker outage\"}"));
        assertThat(json(all.get(21))).isEqualTo(json("{\"by\":\"bob\"}"));
        assertThat(EventCodec.details(new AuditEvent.ExecutionRejected("side", "side 'hold' is neither buy nor sell")))
                .contains("\"" + EventCodec.Keys.FIELD + "\":\"side\"");
    }

    @Test
    void aDetailOrTypeThatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> EventCodec.decode("exit_triggerd", "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exit_triggerd");
        assertThatThrownBy(() -> EventCodec.decode("close_resent", "{\"attempt\":\"two\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("close_resent").hasMessageContaining("'attempt'");
        assertThatThrownBy(() -> EventCodec.decode("tracked", "{\"symbol\":\"AAPL\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracked").hasMessageContaining("'side'");
        assertThatThrownBy(() -> EventCodec.decode("closed", "{\"reason\":\"sold\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closed event").hasMessageContaining("SOLD");
        assertThatThrownBy(() -> EventCodec.decode("anomaly", "[1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
    }

    private static Object json(AuditEvent event) {
        return json(EventCodec.details(event));
    }

    private static Object json(String text) {
        return JsonParser.parseString(text);
    }
}
