package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.exit.ExitSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static org.assertj.core.api.Assertions.assertThat;

class ExecutionCheckTest {
    static final String ACCOUNT = "large";
    static final Instant AS_OF = Instant.parse("2026-11-20T16:00:00Z");
    static final Instant EXECUTED = Instant.parse("2026-11-20T15:30:00Z");
    final ExecutionCheck check = new ExecutionCheck(ExitSettings.defaults());

    /** A mutable copy of the execution record's fields. */
    static final class E {
        UUID executionId = UUID.fromString("00000000-0000-0000-0000-000000000001");
        String accountName = ACCOUNT;
        String ticker = "AAPL";
        String instrumentType = "STOCK";
        String optionSymbol = null;
        String side = "buy";
        BigDecimal quantity = d("10");
        BigDecimal filledQty = d("10");
        BigDecimal entryPrice = d("100.00");
        BigDecimal stopLoss = null;
        BigDecimal takeProfit = null;
        String strategyType = "swing_trade";
        Integer maxHoldMinutes = null;
        LocalDate expirationDate = null;
        String executionMode = "ALPACA_PAPER";
        String status = "FILLED";
        String brokerOrderId = "entry-1";
        String stopOrderId = null;
        String targetOrderId = null;
        Instant executedAt = EXECUTED;

        Execution build() {
            return new Execution(executionId, accountName, ticker, instrumentType, optionSymbol, side, quantity, filledQty,
                    entryPrice, stopLoss, takeProfit, strategyType, maxHoldMinutes, expirationDate, executionMode, status,
                    brokerOrderId, stopOrderId, targetOrderId, executedAt);
        }
    }

    static E stock() {
        return new E();
    }

    static E call() {
        E e = new E();
        e.ticker = "GOOGL";
        e.instrumentType = "CALL";
        e.optionSymbol = "GOOGL261218C00340000";
        e.expirationDate = LocalDate.of(2026, 12, 18);
        e.quantity = d("2");
        e.filledQty = d("2");
        e.entryPrice = d("5.00");
        return e;
    }

    NewLot accepted(E e) {
        ExecutionCheck.Verdict v = check.check(e.build(), ACCOUNT, AS_OF);
        assertThat(v).as("verdict %s", v).isInstanceOf(ExecutionCheck.Accepted.class);
        return ((ExecutionCheck.Accepted) v).lot();
    }

    ExecutionCheck.Rejected rejected(E e, String field) {
        ExecutionCheck.Verdict v = check.check(e.build(), ACCOUNT, AS_OF);
        assertThat(v).as("verdict %s", v).isInstanceOf(ExecutionCheck.Rejected.class);
        ExecutionCheck.Rejected r = (ExecutionCheck.Rejected) v;
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.message()).isNotBlank();
        return r;
    }

    static E with(E e, UnaryOperator<E> change) {
        return change.apply(e);
    }

    // --- accepted ---

    @Test
    void aLongStockGetsTheDefaultStopAndTarget() {
        NewLot lot = accepted(stock());
        assertThat(lot.account()).isEqualTo(ACCOUNT);
        assertThat(lot.instrument()).isEqualTo(new Instrument.Stock("AAPL"));
        assertThat(lot.side()).isEqualTo(PositionSide.LONG);
        assertThat(lot.quantity()).isEqualByComparingTo("10");
        assertThat(lot.entryPrice()).isEqualByComparingTo("100");
        assertThat(lot.stopLoss()).isEqualByComparingTo("95");
        assertThat(lot.takeProfit()).isEqualByComparingTo("115");
        assertThat(lot.entryTime()).isEqualTo(EXECUTED);
        assertThat(lot.entryOrderId()).isEqualTo("entry-1");
        assertThat(lot.executionId()).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        assertThat(lot.legs().expected()).isFalse();
    }

    @Test
    void aShortStockGetsMirroredDefaults() {
        NewLot lot = accepted(with(stock(), e -> { e.side = "sell"; return e; }));
        assertThat(lot.side()).isEqualTo(PositionSide.SHORT);
        assertThat(lot.stopLoss()).isEqualByComparingTo("105");
        assertThat(lot.takeProfit()).isEqualByComparingTo("85");
    }

    @Test
    void givenStopAndTargetAreKept() {
        NewLot lot = accepted(with(stock(), e -> { e.stopLoss = d("97.5"); e.takeProfit = d("104"); return e; }));
        assertThat(lot.stopLoss()).isEqualByComparingTo("97.5");
        assertThat(lot.takeProfit()).isEqualByComparingTo("104");
    }

    @Test
    void bracketLegsAndStrategyAreCarried() {
        NewLot lot = accepted(with(stock(), e -> {
            e.stopOrderId = "stop-1"; e.targetOrderId = "target-1"; e.strategyType = "day_trade"; e.maxHoldMinutes = 90; return e;
        }));
        assertThat(lot.legs()).isEqualTo(new ProtectiveLegs("stop-1", "target-1"));
        assertThat(lot.strategyType()).isEqualTo("day_trade");
        assertThat(lot.maxHoldMinutes()).isEqualTo(90);
    }

    @Test
    void aPartialFillTracksTheFilledQuantity() {
        NewLot lot = accepted(with(stock(), e -> { e.quantity = d("10"); e.filledQty = d("4"); e.status = "PARTIALLY_FILLED"; return e; }));
        assertThat(lot.quantity()).isEqualByComparingTo("4");
    }

    @Test
    void aCallBecomesAnOptionLotOrderedByItsOccSymbol() {
        NewLot lot = accepted(call());
        assertThat(lot.instrument()).isInstanceOf(Instrument.OptionContract.class);
        assertThat(lot.symbol()).isEqualTo("GOOGL261218C00340000");
        assertThat(lot.instrument().multiplier()).isEqualByComparingTo("100");
        assertThat(lot.stopLoss()).isEqualByComparingTo("4.75");
        assertThat(lot.takeProfit()).isEqualByComparingTo("5.75");
    }

    @Test
    void anOptionWithoutExpirationDateIsAccepted() {
        accepted(with(call(), e -> { e.expirationDate = null; return e; }));
    }

    @Test
    void missingExecutedAtFallsBackToTheEventTime() {
        assertThat(accepted(with(stock(), e -> { e.executedAt = null; return e; })).entryTime()).isEqualTo(AS_OF);
    }

    // --- rejected, naming the field ---

    @Test
    void missingEntryPrice() {
        assertThat(rejected(with(stock(), e -> { e.entryPrice = null; return e; }), "entry_price").message()).contains("entry_price");
    }

    @Test
    void zeroOrNegativeEntryPrice() {
        rejected(with(stock(), e -> { e.entryPrice = d("0"); return e; }), "entry_price");
        rejected(with(stock(), e -> { e.entryPrice = d("-1"); return e; }), "entry_price");
    }

    @Test
    void zeroQuantity() {
        rejected(with(stock(), e -> { e.quantity = d("0"); e.filledQty = null; return e; }), "filled_qty");
        rejected(with(stock(), e -> { e.quantity = d("0"); e.filledQty = d("0"); return e; }), "filled_qty");
    }

    @Test
    void negativeQuantity() {
        rejected(with(stock(), e -> { e.filledQty = d("-5"); return e; }), "filled_qty");
        rejected(with(stock(), e -> { e.quantity = d("-5"); e.filledQty = null; return e; }), "filled_qty");
    }

    @Test
    void missingQuantities() {
        rejected(with(stock(), e -> { e.quantity = null; e.filledQty = null; return e; }), "filled_qty");
    }

    /** filled_qty is what the broker holds; a FILLED row that says 0 filled must not become a lot of the requested 10. */
    @Test
    void zeroFilledQuantityIsNotReplacedByTheRequestedQuantity() {
        rejected(with(stock(), e -> { e.quantity = d("10"); e.filledQty = d("0"); return e; }), "filled_qty");
    }

    @Test
    void unknownInstrumentType() {
        assertThat(rejected(with(stock(), e -> { e.instrumentType = "FUTURE"; return e; }), "instrument_type").message())
                .contains("FUTURE");
        rejected(with(stock(), e -> { e.instrumentType = null; return e; }), "instrument_type");
    }

    @Test
    void optionWithoutOptionSymbol() {
        rejected(with(call(), e -> { e.optionSymbol = null; return e; }), "option_symbol");
        rejected(with(call(), e -> { e.optionSymbol = " "; return e; }), "option_symbol");
    }

    @Test
    void optionWithAMalformedOptionSymbol() {
        rejected(with(call(), e -> { e.optionSymbol = "GOOGL261318C00340000"; return e; }), "option_symbol");
    }

    @Test
    void occRootNotMatchingTheTicker() {
        assertThat(rejected(with(call(), e -> { e.ticker = "GOOG"; return e; }), "option_symbol").message())
                .contains("GOOG");
    }

    @Test
    void callWithAPutSymbol() {
        rejected(with(call(), e -> { e.optionSymbol = "GOOGL261218P00340000"; return e; }), "option_symbol");
        rejected(with(call(), e -> { e.instrumentType = "PUT"; return e; }), "option_symbol");
    }

    @Test
    void expirationDateMismatch() {
        rejected(with(call(), e -> { e.expirationDate = LocalDate.of(2026, 12, 19); return e; }), "expiration_date");
    }

    @Test
    void expiredOption() {
        rejected(with(call(), e -> { e.optionSymbol = "GOOGL261113C00340000"; e.expirationDate = null; return e; }), "expiration_date");
        // expired at 16:00 ET today (21:00Z); the tick is later
        E today = with(call(), e -> { e.optionSymbol = "GOOGL261120C00340000"; e.expirationDate = LocalDate.of(2026, 11, 20); return e; });
        ExecutionCheck.Verdict v = check.check(today.build(), ACCOUNT, Instant.parse("2026-11-20T21:01:00Z"));
        assertThat(v).isInstanceOf(ExecutionCheck.Rejected.class);
        assertThat(((ExecutionCheck.Rejected) v).field()).isEqualTo("expiration_date");
        // still tradable earlier the same day
        assertThat(check.check(today.build(), ACCOUNT, Instant.parse("2026-11-20T16:00:00Z"))).isInstanceOf(ExecutionCheck.Accepted.class);
    }

    @Test
    void sideNeitherBuyNorSell() {
        assertThat(rejected(with(stock(), e -> { e.side = "hold"; return e; }), "side").message()).contains("hold");
        rejected(with(stock(), e -> { e.side = null; return e; }), "side");
    }

    @Test
    void stopAboveEntryForALong() {
        rejected(with(stock(), e -> { e.stopLoss = d("101"); return e; }), "stop_loss");
        rejected(with(stock(), e -> { e.stopLoss = d("100"); return e; }), "stop_loss");
    }

    @Test
    void stopBelowEntryForAShort() {
        rejected(with(stock(), e -> { e.side = "sell"; e.stopLoss = d("99"); return e; }), "stop_loss");
    }

    @Test
    void targetOnTheWrongSide() {
        rejected(with(stock(), e -> { e.takeProfit = d("99"); return e; }), "take_profit");
        rejected(with(stock(), e -> { e.side = "sell"; e.takeProfit = d("101"); return e; }), "take_profit");
    }

    @Test
    void aNonPositiveTakeProfitIsRejected() {
        // "below the entry" is not enough for a short: a price is never zero or negative
        rejected(with(stock(), e -> { e.side = "sell"; e.takeProfit = d("-5"); return e; }), "take_profit");
        rejected(with(stock(), e -> { e.side = "sell"; e.takeProfit = d("0"); return e; }), "take_profit");
    }

    @Test
    void aNonPositiveStopIsRejected() {
        rejected(with(stock(), e -> { e.stopLoss = d("0"); return e; }), "stop_loss");
        rejected(with(stock(), e -> { e.stopLoss = d("-1"); return e; }), "stop_loss");
    }

    @Test
    void anotherAccountsRow() {
        assertThat(rejected(with(stock(), e -> { e.accountName = "tiny"; return e; }), "account_name").message()).contains("tiny");
        rejected(with(stock(), e -> { e.accountName = null; return e; }), "account_name");
    }

    @Test
    void missingExecutionId() {
        rejected(with(stock(), e -> { e.executionId = null; return e; }), "execution_id");
    }

    @Test
    void missingTicker() {
        rejected(with(stock(), e -> { e.ticker = " "; return e; }), "ticker");
    }

    @Test
    void aStockWhoseTickerIsAnOccSymbol() {
        rejected(with(stock(), e -> { e.ticker = "GOOGL261218C00340000"; return e; }), "ticker");
    }

    @Test
    void nonPositiveMaxHold() {
        rejected(with(stock(), e -> { e.maxHoldMinutes = 0; return e; }), "max_hold_minutes");
    }
}
