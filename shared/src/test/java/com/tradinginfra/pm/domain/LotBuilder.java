package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Test fixture: a lot with sensible defaults, changed one field at a time. */
public final class LotBuilder {
    public long id = 1;
    public String account = "large";
    public UUID executionId = UUID.randomUUID();
    public Instrument instrument = new Instrument.Stock("AAPL");
    public PositionSide side = PositionSide.LONG;
    public BigDecimal quantity = new BigDecimal("10");
    public BigDecimal entryPrice = new BigDecimal("100.00");
    public Instant entryTime = Instant.parse("2026-11-20T15:00:00Z");
    public BigDecimal stopLoss = new BigDecimal("95.00");
    public BigDecimal takeProfit = new BigDecimal("115.00");
    public String strategyType = "swing_trade";
    public Integer maxHoldMinutes = null;
    public ProtectiveLegs legs = ProtectiveLegs.NONE;
    public String entryOrderId = null;
    public LotStatus status = LotStatus.OPEN;
    public BigDecimal peakPrice = null;
    public BigDecimal currentPrice = null;
    public CloseReason closeReason = null;
    public int closeAttempts = 0;
    public String closeOrderId = null;
    public int protectionArms = 0;
    public boolean partialTaken = false;
    public BigDecimal partialQuantity = null;
    public BigDecimal partialFromQuantity = null;
    public boolean legsReleased = false;

    public static LotBuilder lot() {
        return new LotBuilder();
    }

    public static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    public LotBuilder id(long v) { id = v; return this; }
    public LotBuilder account(String v) { account = v; return this; }
    public LotBuilder stock(String symbol) { instrument = new Instrument.Stock(symbol); return this; }
    public LotBuilder option(String occ) { instrument = new Instrument.OptionContract(OccSymbol.parse(occ)); return this; }
    public LotBuilder side(PositionSide v) { side = v; return this; }
    public LotBuilder shortSide() { side = PositionSide.SHORT; return this; }
    public LotBuilder quantity(String v) { quantity = d(v); return this; }
    public LotBuilder entry(String v) { entryPrice = d(v); return this; }
    public LotBuilder entryTime(String v) { entryTime = Instant.parse(v); return this; }
    public LotBuilder entryTime(Instant v) { entryTime = v; return this; }
    public LotBuilder stop(String v) { stopLoss = v == null ? null : d(v); return this; }
    public LotBuilder target(String v) { takeProfit = v == null ? null : d(v); return this; }
    public LotBuilder strategy(String v) { strategyType = v; return this; }
    public LotBuilder dayTrade() { strategyType = Lot.DAY_TRADE; return this; }
    public LotBuilder maxHold(Integer v) { maxHoldMinutes = v; return this; }
    public LotBuilder legs(String stopId, String targetId) { legs = new ProtectiveLegs(stopId, targetId); return this; }
    public LotBuilder entryOrder(String v) { entryOrderId = v; return this; }
    public LotBuilder status(LotStatus v) { status = v; return this; }
    public LotBuilder protectionArms(int v) { protectionArms = v; return this; }
    public LotBuilder peak(String v) { peakPrice = v == null ? null : d(v); return this; }
    public LotBuilder current(String v) { currentPrice = v == null ? null : d(v); return this; }
    public LotBuilder closing(CloseReason reason, String orderId) {
        status = LotStatus.CLOSING; closeReason = reason; closeAttempts = 1; closeOrderId = orderId; return this;
    }

    /** Already scaled out once (back OPEN). */
    public LotBuilder scaledOut() { partialTaken = true; return this; }
    /** CLOSING for a scale-out of {@code part} (begun at the current quantity). */
    public LotBuilder scalingOut(String part, String orderId) {
        status = LotStatus.CLOSING; closeReason = CloseReason.PARTIAL_PROFIT; closeAttempts = 1; closeOrderId = orderId;
        partialTaken = true; partialQuantity = d(part); partialFromQuantity = quantity; return this;
    }
    public LotBuilder legsReleased() { legsReleased = true; return this; }

    public Lot build() {
        return new Lot(id, account, executionId, instrument, side, quantity, entryPrice, entryTime, stopLoss, takeProfit,
                strategyType, maxHoldMinutes, legs, entryOrderId, status, peakPrice, currentPrice, closeReason,
                closeAttempts, closeOrderId, protectionArms, partialTaken, partialQuantity, partialFromQuantity, legsReleased);
    }
}
