package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.Reconciliation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.AFTER_CLOSE;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.OPTION;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CloseOrderService} alone, on fakes of its ports: every way a close request can end. */
class CloseOrderServiceTest {
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession();
    private final CloseOrderService service = new CloseOrderService(Fixtures.settings(), store, broker);

    private Lot closingStock(String symbol, String quantity, String heldAtBroker) {
        long id = store.insert(Fixtures.longStock(symbol, quantity, "100.00"), OPEN);
        broker.holding(symbol, heldAtBroker, "100.00");
        return store.startClosing(id, CloseReason.STOP_LOSS, OPEN, true);
    }

    /** An AAPL lot whose bracket filled (legs stop-1 and target-1 open at the broker), moved to CLOSING for {@code reason}. */
    private Lot closingWithLegs(CloseReason reason) {
        long id = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"), OPEN);
        broker.holding("AAPL", "10", "100.00");
        broker.filledBracket("entry-1", "AAPL", "10", "stop-1", "target-1");
        return store.startClosing(id, reason, OPEN, true);
    }

    private static CloseRequest request(Lot lot) {
        return new CloseRequest(ACCOUNT, lot.id(), lot.closeAttempts(), CloseReason.STOP_LOSS.code(), OPEN);
    }

    @Test
    void aRequestOfAnotherAccountOrForAnUnknownLotIsBadInputNamingIt() {
        Lot lot = closingStock("AAPL", "10", "10");

        assertThatThrownBy(() -> service.close(new CloseRequest("other", lot.id(), 1, "stop_loss", OPEN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other'");
        assertThatThrownBy(() -> service.close(new CloseRequest(ACCOUNT, 999, 1, "stop_loss", OPEN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lot 999");
        assertThat(broker.submitted()).isEmpty();
    }

    @Test
    void aLotNoLongerClosingOrAnOlderAttemptIsIgnored() {
        long open = store.insert(Fixtures.longStock("MSFT", "5", "300.00"), OPEN);
        Lot closing = closingStock("AAPL", "10", "10");

        assertThat(service.close(new CloseRequest(ACCOUNT, open, 1, "stop_loss", OPEN))).isInstanceOf(CloseOutcome.Ignored.class);
        assertThat(service.close(new CloseRequest(ACCOUNT, closing.id(), 2, "stop_loss", OPEN)))
                .isEqualTo(new CloseOutcome.Ignored("request is for attempt 2, lot is at attempt 1"));
        assertThat(broker.submitted()).isEmpty();
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aCloseIsSubmittedOnceByItsClientOrderIdAndTheOrderIsRecorded() {
        Lot lot = closingStock("AAPL", "10", "10");

        CloseOutcome first = service.close(request(lot));
        CloseOutcome redelivered = service.close(request(lot));

        String clientOrderId = lot.closeClientOrderId(1);
        assertThat(first).isInstanceOf(CloseOutcome.Submitted.class);
        CloseOutcome.Submitted submitted = (CloseOutcome.Submitted) first;
        assertThat(submitted.clientOrderId()).isEqualTo(clientOrderId);
        assertThat(redelivered).isEqualTo(new CloseOutcome.AlreadySubmitted(submitted.orderId(), clientOrderId));
        assertThat(broker.submitted()).containsExactly(new OrderRequest("AAPL", d("10"), OrderSide.SELL, clientOrderId));
        assertThat(store.row(lot.id()).closeOrderId).isEqualTo(submitted.orderId());
        assertThat(store.events(AuditEvent.CloseSubmitted.class)).containsExactly(new AuditEvent.CloseSubmitted(
                submitted.orderId(), clientOrderId, "AAPL", OrderSide.SELL, d("10"), "stop_loss"));
    }

    @Test
    void aCloseNeverSellsMoreThanTheBrokerHolds() {
        Lot lot = closingStock("AAPL", "10", "4");

        assertThat(service.close(request(lot))).isInstanceOf(CloseOutcome.Submitted.class);

        assertThat(broker.submitted()).extracting(OrderRequest::quantity).containsExactly(d("4"));
    }

    @Test
    void aShortLotIsBoughtBackAndAnOptionIsClosedByItsContractSymbol() {
        long shortId = store.insert(Fixtures.stock("TSLA", PositionSide.SHORT, "3", "250.00", "262.50", "212.50"), OPEN);
        broker.holding("TSLA", "-3", "250.00");
        Lot shortLot = store.startClosing(shortId, CloseReason.TAKE_PROFIT, OPEN, true);
        long optionId = store.insert(Fixtures.longOption(OPTION, "2", "4.00"), OPEN);
        broker.holding(OPTION, "2", "4.00");
        Lot option = store.startClosing(optionId, CloseReason.STOP_LOSS, OPEN, true);

        service.close(request(shortLot));
        service.close(request(option));

        assertThat(broker.submitted()).extracting(OrderRequest::symbol, OrderRequest::side, OrderRequest::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TSLA", OrderSide.BUY, d("3")),
                        org.assertj.core.groups.Tuple.tuple(OPTION, OrderSide.SELL, d("2")));
    }

    @Test
    void theLotsOwnLegsAreCanceledBeforeTheCloseSoTheyHoldNothing() {
        Lot lot = closingWithLegs(CloseReason.MAX_HOLD_TIME);

        assertThat(service.close(request(lot))).isInstanceOf(CloseOutcome.Submitted.class);

        assertThat(broker.cancelRequests()).containsExactly("stop-1", "target-1");
        assertThat(broker.placed("stop-1").status().code()).isEqualTo("canceled");
        assertThat(broker.placed("target-1").status().code()).isEqualTo("canceled");
    }

    @Test
    void aLegsFillIsTakenOffTheLotOnceWhetherOrNotSyncBookedItAlready() {
        long booked = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"), OPEN);
        long unbooked = store.insert(Fixtures.withLegs(Fixtures.longStock("MSFT", "10", "100.00"), "stop-2", "target-2", "entry-2"), OPEN);
        for (String n : List.of("1", "2")) {
            String symbol = n.equals("1") ? "AAPL" : "MSFT";
            broker.filledBracket("entry-" + n, symbol, "10", "stop-" + n, "target-" + n);
            broker.holding(symbol, "10", "100.00");
            broker.fillPart("stop-" + n, "4", "94.90", OPEN.plusSeconds(30)); // the stop filled 4, then ended
            broker.end("stop-" + n, "canceled");
            broker.end("target-" + n, "canceled");
        }
        // sync booked AAPL's leg fill (the lot holds 6), not yet MSFT's (its lot still says 10)
        BrokerFill fill = broker.fills(OPEN, null).stream().filter(f -> f.orderId().equals("stop-1")).findFirst().orElseThrow();
        store.recordFills(ACCOUNT, List.of(new Reconciliation.FillAllocation(fill, booked, Reconciliation.Role.EXIT)));
        store.settle(ACCOUNT, List.of(LotSettlement.of(store.lot(ACCOUNT, booked).orElseThrow(), List.of(new Reconciliation.LotExit(
                booked, d("4"), d("94.90"), CloseReason.STOP_LOSS, "stop-1", OPEN.plusSeconds(30), "fill")))));

        service.close(request(store.startClosing(booked, CloseReason.MAX_HOLD_TIME, OPEN.plusSeconds(60), true)));
        service.close(request(store.startClosing(unbooked, CloseReason.MAX_HOLD_TIME, OPEN.plusSeconds(60), true)));

        assertThat(broker.submitted()).extracting(OrderRequest::symbol, OrderRequest::quantity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("AAPL", d("6")), org.assertj.core.groups.Tuple.tuple("MSFT", d("6")));
    }

    @Test
    void otherOpenOrdersHoldingTheQuantityAreCanceledAndTheCloseIsSubmittedOnceMore() {
        Lot lot = closingStock("AAPL", "10", "10");
        broker.working("someone-else", "manual-1", "AAPL", OrderSide.SELL, "limit", "10");

        assertThat(service.close(request(lot))).isInstanceOf(CloseOutcome.Submitted.class);

        assertThat(broker.placed("someone-else").status().code()).isEqualTo("canceled");
        assertThat(broker.submitted()).hasSize(2);
        assertThat(broker.orderByClientId(lot.closeClientOrderId(1))).isPresent();
    }

    @Test
    void whenTheBrokerHoldsNothingOrTheOtherDirectionTheCloseIsSkipped() {
        Lot gone = closingStock("AAPL", "10", "0");
        Lot flipped = closingStock("MSFT", "5", "-5");

        assertThat(service.close(request(gone))).isEqualTo(new CloseOutcome.PositionGone("the broker holds no AAPL"));
        assertThat(service.close(request(flipped))).isInstanceOf(CloseOutcome.PositionGone.class);

        assertThat(broker.submitted()).isEmpty();
        assertThat(store.events(AuditEvent.CloseSkipped.class)).extracting(AuditEvent.CloseSkipped::why)
                .containsExactly("the broker holds no AAPL", "the broker holds -5 MSFT, the other direction");
        assertThat(store.row(gone.id()).status).as("sync reconciles it").isEqualTo(LotStatus.CLOSING);
    }

    @Test
    void aPositionTheBrokerNoLongerFindsAtSubmitIsSkipped() {
        Lot lot = closingStock("AAPL", "10", "10");
        broker.failNext("submit", BrokerFailure.POSITION_NOT_FOUND, 404, 40410000, "position does not exist");

        assertThat(service.close(request(lot))).isEqualTo(new CloseOutcome.PositionGone("position does not exist"));
        assertThat(store.events(AuditEvent.CloseSkipped.class)).containsExactly(new AuditEvent.CloseSkipped("position does not exist", 1));
    }

    @Test
    void aDuplicateDeliveryThatWonTheRaceIsRecordedNotResent() {
        Lot lot = closingStock("AAPL", "10", "10");
        OrderRequest theOtherDelivery = new OrderRequest("AAPL", d("10"), OrderSide.SELL, lot.closeClientOrderId(1));
        broker.beforeNextSubmit(() -> broker.submit(theOtherDelivery));

        CloseOutcome outcome = service.close(request(lot));

        String winner = broker.orderByClientId(lot.closeClientOrderId(1)).orElseThrow().id();
        assertThat(outcome).isEqualTo(new CloseOutcome.AlreadySubmitted(winner, lot.closeClientOrderId(1)));
        assertThat(store.row(lot.id()).closeOrderId).isEqualTo(winner);
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aDuplicateClientOrderIdTheBrokerCannotFindIsRetried() {
        Lot lot = closingStock("AAPL", "10", "10");
        broker.failNext("submit", BrokerFailure.DUPLICATE_CLIENT_ORDER_ID, 422, 40010001, "client_order_id must be unique");

        assertThatThrownBy(() -> service.close(request(lot))).isInstanceOf(BrokerException.class);
        assertThat(store.row(lot.id()).closeOrderId).isNull();
    }

    @Test
    void aRefusedCloseStartsTheNextAttemptAndTheLastOneEndsCloseFailed() {
        Lot lot = closingStock("SPY", "1", "1");
        String message = "insufficient options buying power for cash-secured put";
        for (int i = 0; i < 3; i++) {
            broker.failNext("submit", BrokerFailure.INSUFFICIENT_BUYING_POWER, 403, 40310000, message);
        }

        CloseOutcome first = service.close(request(lot));
        CloseOutcome second = service.close(new CloseRequest(ACCOUNT, lot.id(), 2, "stop_loss", OPEN));
        CloseOutcome third = service.close(new CloseRequest(ACCOUNT, lot.id(), 3, "stop_loss", OPEN));

        assertThat(first).isEqualTo(new CloseOutcome.Refused(LotStatus.CLOSING, message));
        assertThat(((CloseOutcome.Refused) second).closeFailed()).isFalse();
        assertThat(third).isEqualTo(new CloseOutcome.Refused(LotStatus.CLOSE_FAILED, message));
        assertThat(((CloseOutcome.Refused) third).closeFailed()).isTrue();
        assertThat(store.row(lot.id()).status).isEqualTo(LotStatus.CLOSE_FAILED);
        assertThat(store.row(lot.id()).closeError).isEqualTo(message);
        assertThat(store.eventTypes()).containsExactly(EventType.CLOSE_REFUSED, EventType.CLOSE_REFUSED, EventType.CLOSE_FAILED);
        assertThat(store.events(AuditEvent.CloseFailed.class)).containsExactly(new AuditEvent.CloseFailed(3,
                BrokerFailure.INSUFFICIENT_BUYING_POWER, 403, message, LotStatus.CLOSE_FAILED));
    }

    @Test
    void patternDayTradingProtectionFailsTheCloseAtOnce() {
        Lot lot = closingStock("AAPL", "10", "10");
        broker.failNext("submit", BrokerFailure.PATTERN_DAY_TRADING, 403, 40310100, "trade denied due to pattern day trading protection");

        CloseOutcome outcome = service.close(request(lot));

        assertThat(outcome).isInstanceOf(CloseOutcome.Refused.class);
        assertThat(((CloseOutcome.Refused) outcome).closeFailed()).isTrue();
        assertThat(store.row(lot.id()).status).isEqualTo(LotStatus.CLOSE_FAILED);
    }

    @Test
    void anOptionOutsideTheSessionIsDeferredToANewAttemptThatSyncSendsOnceTheMarketOpens() {
        long id = store.insert(Fixtures.longOption(OPTION, "2", "4.00"), OPEN);
        broker.holding(OPTION, "2", "4.00").at(AFTER_CLOSE);
        Lot lot = store.startClosing(id, CloseReason.OPTION_EXPIRY, OPEN, true);

        CloseOutcome outcome = service.close(request(lot));

        assertThat(outcome).isEqualTo(new CloseOutcome.Refused(LotStatus.CLOSING,
                "options market orders are only allowed during market hours"));
        assertThat(store.row(id).closeAttempts).isEqualTo(2);
        assertThat(store.row(id).closeDispatchedAt).as("to be sent again by sync").isNull();
        assertThat(store.events(AuditEvent.CloseDeferred.class)).containsExactly(
                new AuditEvent.CloseDeferred(1, "options market orders are only allowed during market hours"));
    }

    @Test
    void aTransientFailureIsThrownSoSqsRetriesAndNothingIsRecorded() {
        Lot lot = closingStock("AAPL", "10", "10");
        broker.failNext("submit", BrokerFailure.UNAVAILABLE, 503, null, "service unavailable");

        assertThatThrownBy(() -> service.close(request(lot))).isInstanceOf(BrokerException.class)
                .extracting(e -> ((BrokerException) e).failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
        assertThat(store.row(lot.id()).status).isEqualTo(LotStatus.CLOSING);
        assertThat(store.row(lot.id()).closeAttempts).isEqualTo(1);
        assertThat(store.events()).isEmpty();

        assertThat(service.close(request(lot))).as("the retry").isInstanceOf(CloseOutcome.Submitted.class);
        assertThat(List.copyOf(broker.submitted())).hasSize(2);
    }

    // ------------------------------------------------------------------ batches

    @Test
    void aBatchOfClosesSharesOneOrdersReadAndOnePositionsRead() {
        Lot withLegs = closingWithLegs(CloseReason.STOP_LOSS);
        Lot plain = closingStock("MSFT", "5", "5");
        long optionId = store.insert(Fixtures.longOption(OPTION, "2", "4.00"), OPEN);
        broker.holding(OPTION, "2", "4.00");
        Lot option = store.startClosing(optionId, CloseReason.STOP_LOSS, OPEN, true);

        List<CloseResult> results = service.closeAll(List.of(request(withLegs), request(plain), request(option)));

        assertThat(results).extracting(CloseResult::outcome).allMatch(o -> o instanceof CloseOutcome.Submitted);
        assertThat(broker.submitted()).extracting(OrderRequest::symbol).containsExactly("AAPL", "MSFT", OPTION);
        assertThat(broker.calls("ordersSince")).as("the look-ups and legs of all three, then one confirmation of the cancels")
                .isEqualTo(2);
        assertThat(broker.calls("positions")).isEqualTo(1);
        assertThat(broker.calls("orderByClientId") + broker.calls("position") + broker.calls("order"))
                .as("nothing read per lot").isZero();
        assertThat(broker.cancelRequests()).containsExactly("stop-1", "target-1");
    }

    @Test
    void twoLotsOfOneSymbolInOneBatchShareWhatTheBrokerHolds() {
        long first = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        long second = store.insert(Fixtures.longStock("AAPL", "10", "101.00"), OPEN);
        broker.holding("AAPL", "15", "100.50");
        Lot a = store.startClosing(first, CloseReason.STOP_LOSS, OPEN, true);
        Lot b = store.startClosing(second, CloseReason.STOP_LOSS, OPEN, true);

        List<CloseResult> results = service.closeAll(List.of(request(a), request(b)));

        assertThat(broker.submitted()).extracting(OrderRequest::quantity).containsExactly(d("10"), d("5"));
        assertThat(results).extracting(CloseResult::outcome).allMatch(o -> o instanceof CloseOutcome.Submitted);

        Lot third = store.startClosing(store.insert(Fixtures.longStock("AAPL", "3", "99.00"), OPEN), CloseReason.STOP_LOSS, OPEN, true);
        broker.holding("AAPL", "3", "99.00");
        Lot fourth = store.startClosing(store.insert(Fixtures.longStock("AAPL", "3", "99.00"), OPEN), CloseReason.STOP_LOSS, OPEN, true);
        List<CloseResult> next = service.closeAll(List.of(request(third), request(fourth)));
        assertThat(next.get(0).outcome()).isInstanceOf(CloseOutcome.Submitted.class);
        assertThat(next.get(1).outcome()).as("the first took all 3: selling more would open a short")
                .isInstanceOf(CloseOutcome.PositionGone.class);
    }

    @Test
    void theSameRequestTwiceInABatchSendsOneOrder() {
        Lot lot = closingStock("AAPL", "10", "10");

        List<CloseResult> results = service.closeAll(List.of(request(lot), request(lot)));

        assertThat(broker.submitted()).hasSize(1);
        assertThat(results.get(1).outcome()).isInstanceOf(CloseOutcome.AlreadySubmitted.class);
    }

    @Test
    void aFailedBatchReadFailsTheClosesThatNeedItAndNoOther() {
        Lot lot = closingStock("AAPL", "10", "10");
        long open = store.insert(Fixtures.longStock("MSFT", "5", "300.00"), OPEN);
        broker.failNext("positions", BrokerFailure.UNAVAILABLE, 503, null, "service unavailable");

        List<CloseResult> results = service.closeAll(List.of(request(lot),
                new CloseRequest(ACCOUNT, open, 1, "stop_loss", OPEN), new CloseRequest(ACCOUNT, 999, 1, "stop_loss", OPEN)));

        assertThat(results.get(0).failure()).isInstanceOf(BrokerException.class);
        assertThat(results.get(1).outcome()).isInstanceOf(CloseOutcome.Ignored.class);
        assertThat(results.get(2).failure()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lot 999");
        assertThat(broker.submitted()).isEmpty();
        assertThat(service.closeAll(List.of(request(lot))).get(0).outcome()).as("the retry").isInstanceOf(CloseOutcome.Submitted.class);
    }
}
