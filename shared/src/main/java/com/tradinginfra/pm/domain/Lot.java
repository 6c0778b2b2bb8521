package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One tracked lot: what one execution (or one adopted broker position) holds. Several lots of one
 * symbol make up one position at the broker; lots are this project's idea, not the broker's.
 *
 * @param id              row id
 * @param account         the account that holds it
 * @param executionId     the dispatcher's execution, null when adopted from the broker
 * @param instrument      stock or option contract
 * @param side            long or short
 * @param quantity        quantity still held (shares or contracts)
 * @param entryPrice      average entry price
 * @param entryTime       when it was entered
 * @param stopLoss        stop price (absolute; defaults already applied)
 * @param takeProfit      target price (absolute; defaults already applied)
 * @param strategyType    e.g. {@code day_trade}, {@code swing_trade}
 * @param maxHoldMinutes  maximum hold, null for the configured default
 * @param legs            the bracket legs at the broker
 * @param entryOrderId    the broker order that opened it
 * @param status          state machine position
 * @param peakPrice       best price seen since entry (highest for long, lowest for short)
 * @param currentPrice    last price seen, may be null
 * @param closeReason     why it is closing or closed, null while open
 * @param closeAttempts   the current close attempt number (0 before the first)
 * @param closeOrderId    the broker id of the current attempt's close order, once known
 * @param protectionArms  how many times its protection was re-armed ({@code MISSING_BRACKETS_ACTION=rearm})
 * @param partialTaken    the lot's one scale-out was decided (never again for this lot)
 * @param partialQuantity while CLOSING for a scale-out, the quantity it sells; null for a full close
 * @param partialFromQuantity the lot's quantity when its scale-out began, null before
 * @param legsReleased    this system cancelled the lot's protective legs itself (a scale-out): their
 *                        absence at the broker is not a reason to close the rest
 */
public record Lot(long id, String account, UUID executionId, Instrument instrument, PositionSide side,
                  BigDecimal quantity, BigDecimal entryPrice, Instant entryTime, BigDecimal stopLoss,
                  BigDecimal takeProfit, String strategyType, Integer maxHoldMinutes, ProtectiveLegs legs,
                  String entryOrderId, LotStatus status, BigDecimal peakPrice, BigDecimal currentPrice,
                  CloseReason closeReason, int closeAttempts, String closeOrderId, int protectionArms, boolean partialTaken,
                  BigDecimal partialQuantity, BigDecimal partialFromQuantity, boolean legsReleased) {

    public static final String DAY_TRADE = "day_trade";

    public Lot {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(entryPrice, "entryPrice");
        Objects.requireNonNull(entryTime, "entryTime");
        Objects.requireNonNull(status, "status");
        legs = legs == null ? ProtectiveLegs.NONE : legs;
        if (partialQuantity != null && partialQuantity.signum() <= 0) {
            throw new IllegalArgumentException("a partial exit sells a positive quantity, was " + partialQuantity);
        }
    }

    /** A lot that never scaled out and whose protection was never re-armed. */
    public Lot(long id, String account, UUID executionId, Instrument instrument, PositionSide side,
               BigDecimal quantity, BigDecimal entryPrice, Instant entryTime, BigDecimal stopLoss,
               BigDecimal takeProfit, String strategyType, Integer maxHoldMinutes, ProtectiveLegs legs,
               String entryOrderId, LotStatus status, BigDecimal peakPrice, BigDecimal currentPrice,
               CloseReason closeReason, int closeAttempts, String closeOrderId) {
        this(id, account, executionId, instrument, side, quantity, entryPrice, entryTime, stopLoss, takeProfit, strategyType,
                maxHoldMinutes, legs, entryOrderId, status, peakPrice, currentPrice, closeReason, closeAttempts, closeOrderId,
                0, false, null, null, false);
    }

    /** This lot with the broker id of its current close order. */
    public Lot withCloseOrderId(String orderId) {
        return new Lot(id, account, executionId, instrument, side, quantity, entryPrice, entryTime, stopLoss, takeProfit,
                strategyType, maxHoldMinutes, legs, entryOrderId, status, peakPrice, currentPrice, closeReason, closeAttempts,
                orderId, protectionArms, partialTaken, partialQuantity, partialFromQuantity, legsReleased);
    }

    /** True while a scale-out of this lot is in progress: CLOSING for part of it only. */
    public boolean isScalingOut() {
        return status == LotStatus.CLOSING && partialQuantity != null;
    }

    /** The legs still to cancel before an order for this lot: none once this system released them itself. */
    public java.util.List<String> legsToCancel() {
        return legsReleased ? java.util.List.of() : legs.ids();
    }

    /** True when the lot's legs at the broker are expected to be working (set, and not released by us). */
    public boolean expectsWorkingLegs() {
        return legs.expected() && !legsReleased;
    }

    /** The broker symbol of every order and price request for this lot. */
    public String symbol() {
        return instrument.orderSymbol();
    }

    public boolean isOption() {
        return instrument.type().isOption();
    }

    public boolean isDayTrade() {
        return DAY_TRADE.equalsIgnoreCase(strategyType);
    }

    /** Unrealised P&L at {@code price}. */
    public Pnl pnlAt(BigDecimal price) {
        return Pnl.of(side, quantity, instrument.multiplier(), entryPrice, price);
    }

    /** P&L of closing {@code qty} of this lot at {@code exitPrice}. */
    public Pnl pnlOfClose(BigDecimal qty, BigDecimal exitPrice) {
        return Pnl.of(side, qty, instrument.multiplier(), entryPrice, exitPrice);
    }

    /** The best price including {@code price}: the peak for a long lot, the trough for a short. */
    public BigDecimal nextPeak(BigDecimal price) {
        BigDecimal peak = peakPrice == null ? entryPrice : peakPrice;
        if (price == null) {
            return peak;
        }
        return side == PositionSide.LONG ? peak.max(price) : peak.min(price);
    }

    /** True when {@code price} is at least as bad as {@code level} for this lot's side. */
    public boolean isAtOrWorse(BigDecimal price, BigDecimal level) {
        int cmp = price.compareTo(level);
        return side == PositionSide.LONG ? cmp <= 0 : cmp >= 0;
    }

    /** True when {@code price} is at least as good as {@code level} for this lot's side. */
    public boolean isAtOrBetter(BigDecimal price, BigDecimal level) {
        int cmp = price.compareTo(level);
        return side == PositionSide.LONG ? cmp >= 0 : cmp <= 0;
    }

    /** This lot's deterministic client order id for a close attempt (a partial one while scaling out). */
    public String closeClientOrderId(int attempt) {
        return partialQuantity != null ? CloseOrderId.partial(account, id, attempt) : CloseOrderId.of(account, id, attempt);
    }
}
