package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.exit.ExitSettings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A lot about to be tracked: from a filled execution, or adopted from a broker position that no
 * execution explains. Stops and targets are absolute prices with defaults already applied.
 */
public record NewLot(String account, UUID executionId, Instrument instrument, PositionSide side, BigDecimal quantity,
                     BigDecimal entryPrice, Instant entryTime, BigDecimal stopLoss, BigDecimal takeProfit,
                     String strategyType, Integer maxHoldMinutes, ProtectiveLegs legs, String entryOrderId) {

    public static final String ADOPTED = "adopted";

    public NewLot {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(entryPrice, "entryPrice");
        Objects.requireNonNull(entryTime, "entryTime");
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("lot quantity must be positive, was " + quantity);
        }
        legs = legs == null ? ProtectiveLegs.NONE : legs;
    }

    /**
     * A lot for a broker position (or the part of one) that no execution explains, e.g. opened by
     * hand in the dashboard. It gets the default stop and target around the broker's average entry.
     */
    public static NewLot adopted(String account, String symbol, boolean optionPosition, PositionSide side,
                                 BigDecimal quantity, BigDecimal avgEntryPrice, Instant asOf, ExitSettings settings) {
        Instrument instrument = Instrument.fromBrokerSymbol(symbol, optionPosition);
        BigDecimal entry = Money.price(avgEntryPrice);
        return new NewLot(account, null, instrument, side, quantity, entry, asOf,
                defaultStop(side, entry, settings), defaultTarget(side, entry, settings), ADOPTED, null,
                ProtectiveLegs.NONE, null);
    }

    static BigDecimal defaultStop(PositionSide side, BigDecimal entry, ExitSettings settings) {
        return side == PositionSide.LONG ? Money.minusPercent(entry, settings.stopLossPct())
                : Money.plusPercent(entry, settings.stopLossPct());
    }

    static BigDecimal defaultTarget(PositionSide side, BigDecimal entry, ExitSettings settings) {
        return side == PositionSide.LONG ? Money.plusPercent(entry, settings.takeProfitPct())
                : Money.minusPercent(entry, settings.takeProfitPct());
    }

    public String symbol() {
        return instrument.orderSymbol();
    }
}
