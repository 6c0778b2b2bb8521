package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.OrderSide;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The close and the sweep on fakes of their ports, for what the real Alpaca does (issue 8). */
class AlpacaRealitiesServiceTest {
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession();
    private final CloseOrderService closes = new CloseOrderService(Fixtures.settings(), store, broker, d -> { });

    private Lot closing(String symbol, String held) {
        long id = store.insert(Fixtures.longStock(symbol, "10", "100.00"), OPEN);
        broker.holding(symbol, held, "100.00");
        return store.startClosing(id, CloseReason.STOP_LOSS, OPEN, true);
    }

    private static CloseRequest request(Lot lot) {
        return new CloseRequest(ACCOUNT, lot.id(), lot.closeAttempts(), CloseReason.STOP_LOSS.code(), OPEN);
    }

    /**
     * Two lots of AAPL, 20 at the broker; the first lot's stop leg filled just before its cancel. The
     * broker still holds 10 (the other lot's): selling them would close a lot that did not exit.
     */
    @Test
    void aLegThatFilledBeforeItsCancelLeavesNothingToSellForItsLot() {
        long id = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"), OPEN);
        broker.holding("AAPL", "20", "100.00");
        broker.working("entry-1", "entry-1-client", "AAPL", OrderSide.BUY, "market", "10",
                FakeBroker.leg("stop-1", "AAPL", OrderSide.SELL, "stop", "10"),
                FakeBroker.leg("target-1", "AAPL", OrderSide.SELL, "limit", "10"));
        broker.end("entry-1", "filled");
        broker.fill("stop-1", "95.00", OPEN);
        Lot lot = store.startClosing(id, CloseReason.MAX_HOLD_TIME, OPEN, true);

        CloseOutcome outcome = closes.close(request(lot));

        assertThat(outcome).isInstanceOf(CloseOutcome.PositionGone.class);
        assertThat(((CloseOutcome.PositionGone) outcome).why()).contains("protective leg filled 10");
        assertThat(broker.submitted()).isEmpty();
        assertThat(broker.position("AAPL").orElseThrow().quantity()).isEqualByComparingTo("10");
    }

    @Test
    void aWashTradeRefusalCountsAsARefusalAndCancelsNothing() {
        Lot lot = closing("AAPL", "10");
        broker.working("theirs", "manual-buy", "AAPL", OrderSide.BUY, "limit", "5");
        broker.failNext("submit", BrokerFailure.WASH_TRADE, 422, 42210000, "potential wash trade detected. use complex orders");

        CloseOutcome outcome = closes.close(request(lot));

        assertThat(outcome).isEqualTo(new CloseOutcome.Refused(LotStatus.CLOSING, "potential wash trade detected. use complex orders"));
        assertThat(broker.cancelRequests()).isEmpty();
        assertThat(store.events(AuditEvent.CloseRefused.class)).singleElement()
                .satisfies(e -> assertThat(e.failure()).isEqualTo(BrokerFailure.WASH_TRADE));
    }

    @Test
    void a401IsRethrownAndUsesNoAttempt() {
        Lot lot = closing("AAPL", "10");
        broker.failNext("submit", BrokerFailure.AUTHENTICATION, 401, null, "unauthorized");

        BrokerException e = catchThrowableOfType(BrokerException.class, () -> closes.close(request(lot)));

        assertThat(e.failure()).isEqualTo(BrokerFailure.AUTHENTICATION);
        assertThat(store.row(lot.id()).closeAttempts).isEqualTo(lot.closeAttempts());
        assertThat(store.row(lot.id()).closeError).isNull();
        assertThat(store.events()).isEmpty();
        assertThat(closes.close(request(lot))).as("once the keys work").isInstanceOf(CloseOutcome.Submitted.class);
    }

    @Test
    void aStalePriceBeyondTheStopDecidesNoExitAndAFreshQuoteDecides() {
        SweepService sweeps = new SweepService(Fixtures.settings(), store, broker, new FakeOutbound());
        long id = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        broker.market("AAPL", new MarketPrice(d("90.00"), OPEN.minus(Duration.ofMinutes(10)), null, null, null));

        sweeps.sweep(SweepRequest.all(ACCOUNT, OPEN, 0));

        assertThat(store.row(id).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.events(AuditEvent.PriceStale.class)).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo(CloseReason.STOP_LOSS);
            assertThat(e.ageSeconds()).isEqualTo(600);
            assertThat(e.source()).isEqualTo("trade");
        });

        broker.market("AAPL", new MarketPrice(d("90.00"), OPEN.minus(Duration.ofMinutes(10)), d("89.90"), d("90.10"), OPEN.plusSeconds(50)));
        sweeps.sweep(SweepRequest.all(ACCOUNT, OPEN.plusSeconds(60), 0));

        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSING);
    }
}
