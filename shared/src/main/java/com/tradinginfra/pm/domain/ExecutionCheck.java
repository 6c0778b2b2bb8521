package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.exit.ExitSettings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a dispatcher execution can become a lot. Bad input is rejected with the name of
 * the field that is wrong, so the rejection event tells the dispatcher's authors what to fix.
 */
public final class ExecutionCheck {
    private final ExitSettings settings;

    public ExecutionCheck(ExitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The verdict on one execution. */
    public sealed interface Verdict permits Accepted, Rejected {
    }

    /** The execution is a valid lot. */
    public record Accepted(NewLot lot) implements Verdict {
    }

    /**
     * The execution cannot be tracked.
     *
     * @param field   the column that is wrong
     * @param message what is wrong with it
     */
    public record Rejected(String field, String message) implements Verdict {
    }

    private static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /**
     * Checks an execution of {@code account} at event time {@code asOf}.
     */
    public Verdict check(Execution e, String account, Instant asOf) {
        try {
            return new Accepted(toLot(e, account, asOf));
        } catch (Invalid invalid) {
            return new Rejected(invalid.field, invalid.getMessage());
        }
    }

    private NewLot toLot(Execution e, String account, Instant asOf) {
        require(e.executionId() != null, "execution_id", "execution_id is missing");
        require(account.equals(e.accountName()), "account_name",
                "account_name '" + e.accountName() + "' is not this stack's account '" + account + "'");
        InstrumentType type = parse("instrument_type", () -> InstrumentType.parse(e.instrumentType()));
        require(e.ticker() != null && !e.ticker().isBlank(), "ticker", "ticker is missing");
        String ticker = e.ticker().trim().toUpperCase(Locale.ROOT);
        Instrument instrument = type.isOption()
                ? option(type, ticker, e, asOf)
                : parse("ticker", () -> new Instrument.Stock(ticker));
        PositionSide side = parse("side", () -> PositionSide.fromExecutionSide(e.side()));
        // The filled quantity is what the broker holds; the requested one only stands in when the dispatcher left it empty.
        BigDecimal qty = e.filledQty() != null ? e.filledQty() : e.quantity();
        require(qty != null, "filled_qty", "filled_qty and quantity are both missing");
        require(qty.signum() > 0, "filled_qty", "quantity must be positive, was " + qty.toPlainString());
        require(e.entryPrice() != null, "entry_price", "entry_price is missing: an execution without a price cannot be tracked");
        require(e.entryPrice().signum() > 0, "entry_price", "entry_price must be positive, was " + e.entryPrice().toPlainString());
        require(e.maxHoldMinutes() == null || e.maxHoldMinutes() > 0, "max_hold_minutes",
                "max_hold_minutes must be positive, was " + e.maxHoldMinutes());
        BigDecimal entry = Money.price(e.entryPrice());
        BigDecimal stop = e.stopLoss() != null ? Money.price(e.stopLoss()) : NewLot.defaultStop(side, entry, settings);
        BigDecimal target = e.takeProfit() != null ? Money.price(e.takeProfit()) : NewLot.defaultTarget(side, entry, settings);
        require(stop.signum() > 0, "stop_loss", "stop_loss must be positive, was " + stop.toPlainString());
        require(target.signum() > 0, "take_profit", "take_profit must be positive, was " + target.toPlainString());
        boolean isLong = side == PositionSide.LONG;
        require(isLong ? stop.compareTo(entry) < 0 : stop.compareTo(entry) > 0, "stop_loss",
                "stop_loss " + stop.toPlainString() + " must be " + (isLong ? "below" : "above") + " entry_price "
                        + entry.toPlainString() + " for a " + side.code() + " lot");
        require(isLong ? target.compareTo(entry) > 0 : target.compareTo(entry) < 0, "take_profit",
                "take_profit " + target.toPlainString() + " must be " + (isLong ? "above" : "below") + " entry_price "
                        + entry.toPlainString() + " for a " + side.code() + " lot");
        Instant entryTime = e.executedAt() != null ? e.executedAt() : asOf;
        return new NewLot(account, e.executionId(), instrument, side, qty, entry, entryTime, stop, target,
                e.strategyType(), e.maxHoldMinutes(), new ProtectiveLegs(blankToNull(e.stopOrderId()), blankToNull(e.targetOrderId())),
                blankToNull(e.brokerOrderId()));
    }

    private static Instrument option(InstrumentType type, String ticker, Execution e, Instant asOf) {
        require(e.optionSymbol() != null && !e.optionSymbol().isBlank(), "option_symbol",
                "option_symbol is required for a " + type + " execution");
        OccSymbol occ = parse("option_symbol", () -> OccSymbol.parse(e.optionSymbol()));
        require(occ.root().equals(ticker), "option_symbol",
                "option_symbol " + occ.format() + " is on " + occ.root() + ", not on the ticker " + ticker);
        require(occ.type() == type, "option_symbol",
                "option_symbol " + occ.format() + " is a " + occ.type() + " but instrument_type is " + type);
        require(e.expirationDate() == null || e.expirationDate().equals(occ.expiry()), "expiration_date",
                "expiration_date " + e.expirationDate() + " does not match the OCC symbol's expiry " + occ.expiry());
        require(!occ.expiresAt().isBefore(asOf), "expiration_date",
                "option " + occ.format() + " expired on " + occ.expiry() + ", before " + asOf);
        return new Instrument.OptionContract(occ);
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException ex) {
            throw new Invalid(field, ex.getMessage());
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new Invalid(field, message);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
