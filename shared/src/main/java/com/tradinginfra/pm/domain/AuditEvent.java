package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an entry of the audit trail says: one record per {@link EventType}. The store writes each
 * as its {@code event_type} and a JSON {@code details} object through one codec, so a field is
 * named in exactly one place.
 */
public sealed interface AuditEvent {

    EventType type();

    /** The symbol the event is about, for the events that name one; null for the others. */
    default String symbol() {
        return null;
    }

    /** An execution became a lot. */
    record Tracked(String symbol, PositionSide side, BigDecimal quantity, BigDecimal entryPrice, BigDecimal stopLoss,
                   BigDecimal takeProfit) implements AuditEvent {
        public Tracked {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(side, "side");
        }

        @Override
        public EventType type() {
            return EventType.TRACKED;
        }
    }

    /** A broker position no execution explains became a lot. */
    record Adopted(String symbol, PositionSide side, BigDecimal quantity, BigDecimal entryPrice) implements AuditEvent {
        public Adopted {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(side, "side");
        }

        @Override
        public EventType type() {
            return EventType.ADOPTED;
        }
    }

    /** An execution was bad input; {@code field} names what is wrong. */
    record ExecutionRejected(String field, String error) implements AuditEvent {
        public ExecutionRejected {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public EventType type() {
            return EventType.EXECUTION_REJECTED;
        }
    }

    /**
     * An exit rule fired and the lot moved to CLOSING.
     *
     * @param price the price the rule saw, null when it fired without one (missing brackets)
     */
    record ExitTriggered(CloseReason rule, String detail, String symbol, BigDecimal price, int attempt) implements AuditEvent {
        public ExitTriggered {
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public EventType type() {
            return EventType.EXIT_TRIGGERED;
        }
    }

    /**
     * A close order was submitted.
     *
     * @param reason the close request's reason code, as it came (null when it had none)
     */
    record CloseSubmitted(String orderId, String clientOrderId, String symbol, OrderSide side, BigDecimal quantity,
                          String reason) implements AuditEvent {
        public CloseSubmitted {
            Objects.requireNonNull(side, "side");
        }

        @Override
        public EventType type() {
            return EventType.CLOSE_SUBMITTED;
        }
    }

    /** The broker refused a close attempt; another attempt follows. {@code status} is the lot's status after it. */
    record CloseRefused(int attempt, BrokerFailure failure, int brokerStatus, String brokerMessage, LotStatus status)
            implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.CLOSE_REFUSED;
        }
    }

    /** The broker refused the last close attempt: the lot is CLOSE_FAILED. */
    record CloseFailed(int attempt, BrokerFailure failure, int brokerStatus, String brokerMessage, LotStatus status)
            implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.CLOSE_FAILED;
        }
    }

    /**
     * The close could not be made now: the market was closed (a new attempt is sent once it opens),
     * or trading is paused ({@code why}; the same attempt is re-sent after the resume).
     */
    record CloseDeferred(int attempt, String brokerMessage, String why) implements AuditEvent {
        public CloseDeferred(int attempt, String brokerMessage) {
            this(attempt, brokerMessage, null);
        }

        @Override
        public EventType type() {
            return EventType.CLOSE_DEFERRED;
        }
    }

    /** A close request was sent again (never sent, or stuck). */
    record CloseResent(int attempt) implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.CLOSE_RESENT;
        }
    }

    /** A close order ended without closing the lot: a new attempt started. */
    record CloseRestarted(int attempt, String previousOrderStatus) implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.CLOSE_RESTARTED;
        }
    }

    /** Nothing to close: the broker holds no position for the lot (or the other direction). */
    record CloseSkipped(String why, int attempt) implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.CLOSE_SKIPPED;
        }
    }

    /**
     * The broker closed part of a lot.
     *
     * @param source {@code fill}, {@code order} or {@code position}: where the price came from
     */
    record PartiallyClosed(String symbol, BigDecimal quantity, BigDecimal exitPrice, BigDecimal realizedPnl, CloseReason reason,
                           String source) implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.PARTIALLY_CLOSED;
        }
    }

    /**
     * A scale-out's order filled (some or all of its quantity): the lot shrank and stays, its realised
     * P&L grew by {@code realizedPnl}.
     *
     * @param quantity    the quantity this sync booked for the partial exit
     * @param exitPrice   the average price of those fills
     * @param realizedPnl their P&L, with the multiplier
     * @param orderId     the partial exit's broker order
     * @param left        what the lot holds afterwards
     * @param source      {@code fill}, {@code order} or {@code position}: where the price came from
     */
    record PartialExit(String symbol, BigDecimal quantity, BigDecimal exitPrice, BigDecimal realizedPnl, String orderId,
                       BigDecimal left, String source) implements AuditEvent {
        public PartialExit {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(quantity, "quantity");
        }

        @Override
        public EventType type() {
            return EventType.PARTIAL_EXIT;
        }
    }

    /**
     * A lot's scale-out ended and the lot is OPEN again under every exit rule: its order ended
     * (filled, partly filled or not at all) or the broker refused it.
     *
     * @param filled     what the partial exit sold in all
     * @param stopBefore the stop before
     * @param stopAfter  the stop now (the entry price after a fill, when breakeven is on)
     * @param why        how it ended: the order's status, or the broker's refusal
     */
    record ScaleOutEnded(String symbol, BigDecimal filled, BigDecimal stopBefore, BigDecimal stopAfter, String why)
            implements AuditEvent {
        public ScaleOutEnded {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(filled, "filled");
        }

        @Override
        public EventType type() {
            return EventType.SCALE_OUT_ENDED;
        }
    }

    /**
     * The broker closed a lot: it is CLOSED.
     *
     * @param source {@code fill}, {@code order} or {@code position}: where the price came from
     */
    record Closed(String symbol, BigDecimal quantity, BigDecimal exitPrice, BigDecimal realizedPnl, CloseReason reason,
                  String source) implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.CLOSED;
        }
    }

    /** Protective legs left working after the broker closed the lot were cancelled. */
    record OrphanedLegsCanceled(List<String> orders) implements AuditEvent {
        public OrphanedLegsCanceled {
            orders = List.copyOf(orders);
        }

        @Override
        public EventType type() {
            return EventType.ORPHANED_LEGS_CANCELED;
        }
    }

    /**
     * A price rule would have fired, but on a price older than {@code PRICE_MAX_AGE_SECONDS}: no exit
     * was decided on it (the time rules still were).
     *
     * @param price      the stale price
     * @param priceAt    when the market showed it
     * @param source     {@code trade} or {@code quote_midpoint}
     * @param ageSeconds its age at the sweep's time
     * @param rule       the rule it would have fired
     */
    record PriceStale(String symbol, BigDecimal price, Instant priceAt, String source, long ageSeconds, CloseReason rule)
            implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.PRICE_STALE;
        }
    }

    /** Something that does not add up, which sync does not act on by itself. */
    record Anomaly(String symbol, String message) implements AuditEvent {
        @Override
        public EventType type() {
            return EventType.ANOMALY;
        }
    }

    /**
     * An operator asked to close an open lot (reason {@code manual}); the next sync sends the request.
     *
     * @param command which command asked: one lot's close, or a flatten
     */
    record CloseRequested(String symbol, int attempt, Command command, String by, String why) implements AuditEvent {
        /** The operator's command that asked for the close; stored as {@code close} or {@code flatten}. */
        public enum Command {
            CLOSE, FLATTEN;

            public String code() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }

            public static Command fromCode(String code) {
                return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT));
            }
        }

        public CloseRequested {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(by, "by");
        }

        @Override
        public EventType type() {
            return EventType.CLOSE_REQUESTED;
        }
    }

    /** An operator sent a close_failed lot back to closing with a new attempt; the next sync sends it. */
    record CloseRetried(String symbol, int attempt, String by, String why) implements AuditEvent {
        public CloseRetried {
            Objects.requireNonNull(by, "by");
        }

        @Override
        public EventType type() {
            return EventType.CLOSE_RETRIED;
        }
    }

    /** An operator paused the account's trading: no exit is decided and no order submitted until resumed. */
    record TradingPaused(String by, String why) implements AuditEvent {
        public TradingPaused {
            Objects.requireNonNull(by, "by");
        }

        @Override
        public EventType type() {
            return EventType.TRADING_PAUSED;
        }
    }

    /** An operator resumed the account's trading. */
    record TradingResumed(String by, String why) implements AuditEvent {
        public TradingResumed {
            Objects.requireNonNull(by, "by");
        }

        @Override
        public EventType type() {
            return EventType.TRADING_RESUMED;
        }
    }

    /**
     * A stock lot whose protective legs were gone got a one-cancels-other pair
     * ({@code MISSING_BRACKETS_ACTION=rearm}); its legs are now the lot's, cancelled before any later close.
     *
     * @param quantity      the pair's quantity (at most what the broker held free of other orders)
     * @param stopOrderId   the stop leg
     * @param targetOrderId the limit leg (the pair's own order id at Alpaca)
     * @param arm           the lot's arm number, which names {@code clientOrderId}
     */
    record ProtectionArmed(String symbol, OrderSide side, BigDecimal quantity, BigDecimal stopLoss, BigDecimal takeProfit,
                           String stopOrderId, String targetOrderId, String clientOrderId, int arm) implements AuditEvent {
        public ProtectionArmed {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(side, "side");
        }

        @Override
        public EventType type() {
            return EventType.PROTECTION_ARMED;
        }
    }

    /** The broker refused the pair: the lot is closed for missing brackets instead. */
    record ProtectionRefused(String symbol, int arm, BrokerFailure failure, int brokerStatus, String brokerMessage)
            implements AuditEvent {
        public ProtectionRefused {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public EventType type() {
            return EventType.PROTECTION_REFUSED;
        }
    }
}
