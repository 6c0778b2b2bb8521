package com.tradinginfra.pm.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The one mapping between {@link AuditEvent} records and the stored {@code position_events} row:
 * {@code event_type} and the JSON {@code details}. The detail keys are the operators' contract
 * (they query them), so they are named here once ({@link Keys}) and SQL that reads {@code details}
 * takes them from here. Amounts are stored as plain decimal text, except {@code exit_triggered}'s
 * {@code price}, which is a JSON number; absent values are left out.
 */
public final class EventCodec {
    private EventCodec() {
    }

    /** The keys of {@code position_events.details}. */
    public static final class Keys {
        public static final String SYMBOL = "symbol";
        public static final String SIDE = "side";
        public static final String QUANTITY = "quantity";
        public static final String ENTRY_PRICE = "entry_price";
        public static final String STOP_LOSS = "stop_loss";
        public static final String TAKE_PROFIT = "take_profit";
        public static final String FIELD = "field";
        public static final String ERROR = "error";
        public static final String RULE = "rule";
        public static final String DETAIL = "detail";
        public static final String PRICE = "price";
        public static final String ATTEMPT = "attempt";
        public static final String ORDER_ID = "order_id";
        public static final String CLIENT_ORDER_ID = "client_order_id";
        public static final String REASON = "reason";
        public static final String FAILURE = "failure";
        public static final String BROKER_STATUS = "broker_status";
        public static final String BROKER_MESSAGE = "broker_message";
        public static final String STATUS = "status";
        public static final String WHY = "why";
        public static final String PREVIOUS_ORDER_STATUS = "previous_order_status";
        public static final String EXIT_PRICE = "exit_price";
        public static final String REALIZED_PNL = "realized_pnl";
        public static final String SOURCE = "source";
        public static final String ORDERS = "orders";
        public static final String MESSAGE = "message";
        public static final String COMMAND = "command";
        public static final String BY = "by";
        public static final String PRICE_AT = "price_at";
        public static final String AGE_SECONDS = "age_seconds";
        public static final String STOP_ORDER_ID = "stop_order_id";
        public static final String TARGET_ORDER_ID = "target_order_id";
        public static final String ARM = "arm";
        public static final String LEFT = "left";
        public static final String FILLED = "filled";
        public static final String STOP_BEFORE = "stop_before";
        public static final String STOP_AFTER = "stop_after";

        private Keys() {
        }
    }

    /** The stored {@code event_type}. */
    public static String type(AuditEvent event) {
        return event.type().code();
    }

    /** The stored {@code details}: a JSON object. */
    public static String details(AuditEvent event) {
        return encode(event).toString();
    }

    /**
     * Reads a stored row back.
     *
     * @throws IllegalArgumentException for an unknown type or a missing or malformed detail, naming it
     */
    public static AuditEvent decode(String type, String details) {
        EventType t = EventType.find(type).orElseThrow(() -> new IllegalArgumentException("unknown event type '" + type + "'"));
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(details == null ? "{}" : details);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type + " event: details are not JSON: " + e.getMessage(), e);
        }
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException(type + " event: details are not a JSON object");
        }
        Reader d = new Reader(type, parsed.getAsJsonObject());
        try {
            return decode(t, d);
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = String.valueOf(e.getMessage());
            throw message.startsWith(type + " event:") ? e : new IllegalArgumentException(type + " event: " + message, e);
        }
    }

    private static AuditEvent decode(EventType t, Reader d) {
        return switch (t) {
            case TRACKED -> new AuditEvent.Tracked(d.text(Keys.SYMBOL), PositionSide.fromCode(d.required(Keys.SIDE)),
                    d.amount(Keys.QUANTITY), d.amount(Keys.ENTRY_PRICE), d.amount(Keys.STOP_LOSS), d.amount(Keys.TAKE_PROFIT));
            case ADOPTED -> new AuditEvent.Adopted(d.text(Keys.SYMBOL), PositionSide.fromCode(d.required(Keys.SIDE)),
                    d.amount(Keys.QUANTITY), d.amount(Keys.ENTRY_PRICE));
            case EXECUTION_REJECTED -> new AuditEvent.ExecutionRejected(d.text(Keys.FIELD), d.text(Keys.ERROR));
            case EXIT_TRIGGERED -> new AuditEvent.ExitTriggered(CloseReason.fromCode(d.required(Keys.RULE)), d.text(Keys.DETAIL),
                    d.text(Keys.SYMBOL), d.amount(Keys.PRICE), d.whole(Keys.ATTEMPT));
            case CLOSE_SUBMITTED -> new AuditEvent.CloseSubmitted(d.text(Keys.ORDER_ID), d.text(Keys.CLIENT_ORDER_ID),
                    d.text(Keys.SYMBOL), OrderSide.fromWire(d.required(Keys.SIDE)), d.amount(Keys.QUANTITY), d.text(Keys.REASON));
            case CLOSE_REFUSED -> new AuditEvent.CloseRefused(d.whole(Keys.ATTEMPT), BrokerFailure.valueOf(d.required(Keys.FAILURE)),
                    d.whole(Keys.BROKER_STATUS), d.text(Keys.BROKER_MESSAGE), LotStatus.fromCode(d.required(Keys.STATUS)));
            case CLOSE_FAILED -> new AuditEvent.CloseFailed(d.whole(Keys.ATTEMPT), BrokerFailure.valueOf(d.required(Keys.FAILURE)),
                    d.whole(Keys.BROKER_STATUS), d.text(Keys.BROKER_MESSAGE), LotStatus.fromCode(d.required(Keys.STATUS)));
            case CLOSE_DEFERRED -> new AuditEvent.CloseDeferred(d.whole(Keys.ATTEMPT), d.text(Keys.BROKER_MESSAGE), d.text(Keys.WHY));
            case CLOSE_RESENT -> new AuditEvent.CloseResent(d.whole(Keys.ATTEMPT));
            case CLOSE_RESTARTED -> new AuditEvent.CloseRestarted(d.whole(Keys.ATTEMPT), d.text(Keys.PREVIOUS_ORDER_STATUS));
            case CLOSE_SKIPPED -> new AuditEvent.CloseSkipped(d.text(Keys.WHY), d.whole(Keys.ATTEMPT));
            case PARTIALLY_CLOSED -> new AuditEvent.PartiallyClosed(d.text(Keys.SYMBOL), d.amount(Keys.QUANTITY),
                    d.amount(Keys.EXIT_PRICE), d.amount(Keys.REALIZED_PNL), CloseReason.fromCode(d.required(Keys.REASON)), d.text(Keys.SOURCE));
            case CLOSED -> new AuditEvent.Closed(d.text(Keys.SYMBOL), d.amount(Keys.QUANTITY), d.amount(Keys.EXIT_PRICE),
                    d.amount(Keys.REALIZED_PNL), CloseReason.fromCode(d.required(Keys.REASON)), d.text(Keys.SOURCE));
            case ORPHANED_LEGS_CANCELED -> new AuditEvent.OrphanedLegsCanceled(d.list(Keys.ORDERS));
            case ANOMALY -> new AuditEvent.Anomaly(d.text(Keys.SYMBOL), d.text(Keys.MESSAGE));
            case CLOSE_REQUESTED -> new AuditEvent.CloseRequested(d.text(Keys.SYMBOL), d.whole(Keys.ATTEMPT),
                    AuditEvent.CloseRequested.Command.fromCode(d.required(Keys.COMMAND)),
                    d.required(Keys.BY), d.text(Keys.WHY));
            case CLOSE_RETRIED -> new AuditEvent.CloseRetried(d.text(Keys.SYMBOL), d.whole(Keys.ATTEMPT), d.required(Keys.BY),
                    d.text(Keys.WHY));
            case TRADING_PAUSED -> new AuditEvent.TradingPaused(d.required(Keys.BY), d.text(Keys.WHY));
            case TRADING_RESUMED -> new AuditEvent.TradingResumed(d.required(Keys.BY), d.text(Keys.WHY));
            case PRICE_STALE -> new AuditEvent.PriceStale(d.text(Keys.SYMBOL), d.amount(Keys.PRICE),
                    d.text(Keys.PRICE_AT) == null ? null : java.time.Instant.parse(d.text(Keys.PRICE_AT)), d.text(Keys.SOURCE),
                    d.whole(Keys.AGE_SECONDS), CloseReason.fromCode(d.required(Keys.RULE)));
            case PROTECTION_ARMED -> new AuditEvent.ProtectionArmed(d.text(Keys.SYMBOL), OrderSide.fromWire(d.required(Keys.SIDE)),
                    d.amount(Keys.QUANTITY), d.amount(Keys.STOP_LOSS), d.amount(Keys.TAKE_PROFIT), d.text(Keys.STOP_ORDER_ID),
                    d.text(Keys.TARGET_ORDER_ID), d.text(Keys.CLIENT_ORDER_ID), d.whole(Keys.ARM));
            case PROTECTION_REFUSED -> new AuditEvent.ProtectionRefused(d.text(Keys.SYMBOL), d.whole(Keys.ARM),
                    BrokerFailure.valueOf(d.required(Keys.FAILURE)), d.whole(Keys.BROKER_STATUS), d.text(Keys.BROKER_MESSAGE));
            case PARTIAL_EXIT -> new AuditEvent.PartialExit(d.text(Keys.SYMBOL), d.amount(Keys.QUANTITY), d.amount(Keys.EXIT_PRICE),
                    d.amount(Keys.REALIZED_PNL), d.text(Keys.ORDER_ID), d.amount(Keys.LEFT), d.text(Keys.SOURCE));
            case SCALE_OUT_ENDED -> new AuditEvent.ScaleOutEnded(d.text(Keys.SYMBOL), d.amount(Keys.FILLED),
                    d.amount(Keys.STOP_BEFORE), d.amount(Keys.STOP_AFTER), d.text(Keys.WHY));
        };
    }

    private static JsonObject encode(AuditEvent event) {
        Writer w = new Writer();
        if (event instanceof AuditEvent.Tracked e) {
            w.text(Keys.SYMBOL, e.symbol()).text(Keys.SIDE, e.side().code()).amount(Keys.QUANTITY, e.quantity())
                    .amount(Keys.ENTRY_PRICE, e.entryPrice()).amount(Keys.STOP_LOSS, e.stopLoss()).amount(Keys.TAKE_PROFIT, e.takeProfit());
        } else if (event instanceof AuditEvent.Adopted e) {
            w.text(Keys.SYMBOL, e.symbol()).text(Keys.SIDE, e.side().code()).amount(Keys.QUANTITY, e.quantity())
                    .amount(Keys.ENTRY_PRICE, e.entryPrice());
        } else if (event instanceof AuditEvent.ExecutionRejected e) {
            w.text(Keys.FIELD, e.field()).text(Keys.ERROR, e.error());
        } else if (event instanceof AuditEvent.ExitTriggered e) {
            w.text(Keys.RULE, e.rule().code()).text(Keys.DETAIL, e.detail()).text(Keys.SYMBOL, e.symbol())
                    .number(Keys.PRICE, e.price()).number(Keys.ATTEMPT, e.attempt());
        } else if (event instanceof AuditEvent.CloseSubmitted e) {
            w.text(Keys.ORDER_ID, e.orderId()).text(Keys.CLIENT_ORDER_ID, e.clientOrderId()).text(Keys.SYMBOL, e.symbol())
                    .text(Keys.SIDE, e.side().wire()).amount(Keys.QUANTITY, e.quantity()).text(Keys.REASON, e.reason());
        } else if (event instanceof AuditEvent.CloseRefused e) {
            w.refusal(e.attempt(), e.failure(), e.brokerStatus(), e.brokerMessage(), e.status());
        } else if (event instanceof AuditEvent.CloseFailed e) {
            w.refusal(e.attempt(), e.failure(), e.brokerStatus(), e.brokerMessage(), e.status());
        } else if (event instanceof AuditEvent.CloseDeferred e) {
            w.number(Keys.ATTEMPT, e.attempt()).text(Keys.BROKER_MESSAGE, e.brokerMessage()).text(Keys.WHY, e.why());
        } else if (event instanceof AuditEvent.CloseResent e) {
            w.number(Keys.ATTEMPT, e.attempt());
        } else if (event instanceof AuditEvent.CloseRestarted e) {
            w.number(Keys.ATTEMPT, e.attempt()).text(Keys.PREVIOUS_ORDER_STATUS, e.previousOrderStatus());
        } else if (event instanceof AuditEvent.CloseSkipped e) {
            w.text(Keys.WHY, e.why()).number(Keys.ATTEMPT, e.attempt());
        } else if (event instanceof AuditEvent.PartiallyClosed e) {
            w.settlement(e.symbol(), e.quantity(), e.exitPrice(), e.realizedPnl(), e.reason(), e.source());
        } else if (event instanceof AuditEvent.Closed e) {
            w.settlement(e.symbol(), e.quantity(), e.exitPrice(), e.realizedPnl(), e.reason(), e.source());
        } else if (event instanceof AuditEvent.OrphanedLegsCanceled e) {
            w.text(Keys.ORDERS, String.join(",", e.orders()));
        } else if (event instanceof AuditEvent.Anomaly e) {
            w.text(Keys.SYMBOL, e.symbol()).text(Keys.MESSAGE, e.message());
        } else if (event instanceof AuditEvent.CloseRequested e) {
            w.text(Keys.SYMBOL, e.symbol()).number(Keys.ATTEMPT, e.attempt()).text(Keys.COMMAND, e.command().code())
                    .text(Keys.BY, e.by()).text(Keys.WHY, e.why());
        } else if (event instanceof AuditEvent.CloseRetried e) {
            w.text(Keys.SYMBOL, e.symbol()).number(Keys.ATTEMPT, e.attempt()).text(Keys.BY, e.by()).text(Keys.WHY, e.why());
        } else if (event instanceof AuditEvent.TradingPaused e) {
            w.text(Keys.BY, e.by()).text(Keys.WHY, e.why());
        } else if (event instanceof AuditEvent.TradingResumed e) {
            w.text(Keys.BY, e.by()).text(Keys.WHY, e.why());
        } else if (event instanceof AuditEvent.PriceStale e) {
            w.text(Keys.SYMBOL, e.symbol()).amount(Keys.PRICE, e.price()).text(Keys.PRICE_AT, e.priceAt() == null ? null
                    : e.priceAt().toString()).text(Keys.SOURCE, e.source()).number(Keys.AGE_SECONDS, e.ageSeconds())
                    .text(Keys.RULE, e.rule().code());
        } else if (event instanceof AuditEvent.ProtectionArmed e) {
            w.text(Keys.SYMBOL, e.symbol()).text(Keys.SIDE, e.side().wire()).amount(Keys.QUANTITY, e.quantity())
                    .amount(Keys.STOP_LOSS, e.stopLoss()).amount(Keys.TAKE_PROFIT, e.takeProfit())
                    .text(Keys.STOP_ORDER_ID, e.stopOrderId()).text(Keys.TARGET_ORDER_ID, e.targetOrderId())
                    .text(Keys.CLIENT_ORDER_ID, e.clientOrderId()).number(Keys.ARM, e.arm());
        } else if (event instanceof AuditEvent.ProtectionRefused e) {
            w.text(Keys.SYMBOL, e.symbol()).number(Keys.ARM, e.arm()).text(Keys.FAILURE, e.failure().name())
                    .number(Keys.BROKER_STATUS, e.brokerStatus()).text(Keys.BROKER_MESSAGE, e.brokerMessage());
        } else if (event instanceof AuditEvent.PartialExit e) {
            w.text(Keys.SYMBOL, e.symbol()).amount(Keys.QUANTITY, e.quantity()).amount(Keys.EXIT_PRICE, e.exitPrice())
                    .amount(Keys.REALIZED_PNL, e.realizedPnl()).text(Keys.ORDER_ID, e.orderId()).amount(Keys.LEFT, e.left())
                    .text(Keys.SOURCE, e.source());
        } else if (event instanceof AuditEvent.ScaleOutEnded e) {
            w.text(Keys.SYMBOL, e.symbol()).amount(Keys.FILLED, e.filled()).amount(Keys.STOP_BEFORE, e.stopBefore())
                    .amount(Keys.STOP_AFTER, e.stopAfter()).text(Keys.WHY, e.why());
        } else {
            throw new IllegalStateException("no encoding for " + event.type()); // unreachable: the interface is sealed
        }
        return w.details;
    }

    /** Builds a details object; absent (null) values are left out. */
    private static final class Writer {
        private final JsonObject details = new JsonObject();

        Writer text(String key, String value) {
            if (value != null) {
                details.addProperty(key, value);
            }
            return this;
        }

        /** Money and quantities as plain decimal text, so no precision is lost on the way through JSON. */
        Writer amount(String key, BigDecimal value) {
            return text(key, value == null ? null : value.toPlainString());
        }

        Writer number(String key, Number value) {
            if (value != null) {
                details.addProperty(key, value);
            }
            return this;
        }

        void refusal(int attempt, BrokerFailure failure, int brokerStatus, String brokerMessage, LotStatus status) {
            number(Keys.ATTEMPT, attempt).text(Keys.FAILURE, failure.name()).number(Keys.BROKER_STATUS, brokerStatus)
                    .text(Keys.BROKER_MESSAGE, brokerMessage).text(Keys.STATUS, status.code());
        }

        void settlement(String symbol, BigDecimal quantity, BigDecimal exitPrice, BigDecimal realizedPnl, CloseReason reason,
                        String source) {
            text(Keys.SYMBOL, symbol).amount(Keys.QUANTITY, quantity).amount(Keys.EXIT_PRICE, exitPrice)
                    .amount(Keys.REALIZED_PNL, realizedPnl).text(Keys.REASON, reason.code()).text(Keys.SOURCE, source);
        }
    }

    /** Reads a details object, naming the event type and key in every error. */
    private record Reader(String type, JsonObject details) {

        /** A text value, null when absent. */
        String text(String key) {
            JsonElement e = details.get(key);
            if (e == null || e.isJsonNull()) {
                return null;
            }
            if (!e.isJsonPrimitive()) {
                throw bad(key, "is not a single value: " + e);
            }
            return e.getAsString();
        }

        /** A text value that must be there. */
        String required(String key) {
            String text = text(key);
            if (text == null) {
                throw bad(key, "is missing");
            }
            return text;
        }

        /** A decimal stored as text or as a JSON number, null when absent. */
        BigDecimal amount(String key) {
            String text = text(key);
            try {
                return text == null ? null : new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw bad(key, "is not a number: '" + text + "'");
            }
        }

        int whole(String key) {
            BigDecimal value = amount(key);
            if (value == null) {
                throw bad(key, "is missing");
            }
            try {
                return value.intValueExact();
            } catch (ArithmeticException e) {
                throw bad(key, "is not a whole number: " + value);
            }
        }

        List<String> list(String key) {
            String text = text(key);
            return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
        }

        private IllegalArgumentException bad(String key, String what) {
            return new IllegalArgumentException(type + " event: detail '" + key + "' " + what);
        }
    }
}
