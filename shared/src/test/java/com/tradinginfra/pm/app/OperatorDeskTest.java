package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.Operator;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.OPTION;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OperatorDesk} alone, and the services obeying its pause, on fakes of the ports. */
class OperatorDeskTest {
    private static final Operator ALICE = new Operator("alice", "broker outage");
    private static final Operator BOB_NO_REASON = new Operator("bob", null);

    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession();
    private final FakeOutbound outbound = new FakeOutbound();
    private final OperatorDesk desk = new OperatorDesk(ACCOUNT, store);
    private final SyncService sync = new SyncService(Fixtures.settings(), store, broker, outbound);
    private final SweepService sweep = new SweepService(Fixtures.settings(), store, broker, outbound);
    private final CloseOrderService closes = new CloseOrderService(Fixtures.settings(), store, broker);

    private long openStock(String symbol, String quantity) {
        long id = store.insert(Fixtures.longStock(symbol, quantity, "100.00"), OPEN);
        broker.holding(symbol, quantity, "100.00").price(symbol, "100.00");
        return id;
    }

    private long closeFailed(String symbol) {
        long id = openStock(symbol, "3");
        store.startClosing(id, CloseReason.STOP_LOSS, OPEN, true);
        FakePositionStore.Row r = store.row(id);
        r.status = LotStatus.CLOSE_FAILED;
        r.closeAttempts = 3;
        r.closeError = "insufficient options buying power";
        return id;
    }

    @Test
    void closeMovesAnOpenLotToClosingUnsentWithReasonManualAndRecordsWhoAndWhy() {
        long id = openStock("AAPL", "10");

        OperatorDesk.Result result = desk.close(id, ALICE, OPEN);

        assertThat(result.moved()).extracting(Lot::id).containsExactly(id);
        assertThat(result.refused()).isEmpty();
        assertThat(result.paused()).isFalse();
        FakePositionStore.Row row = store.row(id);
        assertThat(row.status).isEqualTo(LotStatus.CLOSING);
        assertThat(row.closeReason).isEqualTo(CloseReason.MANUAL);
        assertThat(row.closeAttempts).isEqualTo(1);
        assertThat(row.closeDispatchedAt).as("left for the next sync to send (outbox)").isNull();
        assertThat(store.events(AuditEvent.CloseRequested.class)).containsExactly(
                new AuditEvent.CloseRequested("AAPL", 1, AuditEvent.CloseRequested.Command.CLOSE, "alice", "broker outage"));
        assertThat(broker.submitted()).as("the desk itself sends nothing").isEmpty();
    }

    @Test
    void theStateMachineDecidesWhatMayBeClosedOrRetried() {
        long open = openStock("AAPL", "10");
        long closing = openStock("MSFT", "5");
        store.startClosing(closing, CloseReason.STOP_LOSS, OPEN, true);
        long failed = closeFailed("NVDA");

        assertThat(desk.close(closing, ALICE, OPEN).refused()).singleElement().asString()
                .contains("lot " + closing, "closing already", "stop_loss", "attempt 1");
        assertThat(desk.close(failed, ALICE, OPEN).refused()).singleElement().asString().contains("close_failed", "retry");
        assertThat(desk.retry(open, BOB_NO_REASON, OPEN).refused()).singleElement().asString().contains("is open", "close it");
        assertThatThrownBy(() -> desk.close(999, ALICE, OPEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lot 999");
        assertThatThrownBy(() -> desk.close(open, BOB_NO_REASON, OPEN)).hasMessageContaining("close needs a reason");
        assertThat(store.row(open).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(closing).closeAttempts).isEqualTo(1);
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aRetriedCloseFailedLotGetsANewAttemptThatTheNextSyncSendsAndTheCloseFunctionSubmitsOnce() {
        long id = closeFailed("NVDA");

        OperatorDesk.Result result = desk.retry(id, BOB_NO_REASON, OPEN);

        assertThat(result.moved()).singleElement().satisfies(l -> assertThat(l.closeAttempts()).isEqualTo(4));
        assertThat(store.row(id).closeError).isNull();
        assertThat(store.events(AuditEvent.CloseRetried.class)).containsExactly(new AuditEvent.CloseRetried("NVDA", 4, "bob", null));
        sync.sync(OPEN.plusSeconds(60));
        assertThat(outbound.closes()).containsExactly(new CloseRequest(ACCOUNT, id, 4, "stop_loss", OPEN.plusSeconds(60)));
        closes.close(outbound.closes().get(0));
        closes.close(outbound.closes().get(0)); // redelivered
        assertThat(broker.submitted()).containsExactly(new OrderRequest("NVDA", d("3"), OrderSide.SELL, "pm-main-" + id + "-4"));
    }

    @Test
    void flattenClosesEveryOpenLotRetriesTheFailedOnesAndLeavesClosingOnesToTheirClose() {
        long a = openStock("AAPL", "10");
        long b = store.insert(Fixtures.longOption(OPTION, "2", "5.00"), OPEN);
        long closing = openStock("MSFT", "5");
        store.startClosing(closing, CloseReason.STOP_LOSS, OPEN, true);
        long failed = closeFailed("NVDA");

        OperatorDesk.Result result = desk.flatten(Optional.empty(), ALICE, OPEN);

        assertThat(result.moved()).extracting(Lot::id).containsExactlyInAnyOrder(a, b, failed);
        assertThat(result.refused()).singleElement().asString().contains("lot " + closing);
        assertThat(store.rows()).allSatisfy(r -> assertThat(r.status).isEqualTo(LotStatus.CLOSING));
        assertThat(store.events(AuditEvent.CloseRequested.class)).extracting(AuditEvent.CloseRequested::symbol, AuditEvent.CloseRequested::command)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("AAPL", AuditEvent.CloseRequested.Command.FLATTEN),
                        org.assertj.core.groups.Tuple.tuple(OPTION, AuditEvent.CloseRequested.Command.FLATTEN));
        assertThat(store.events(AuditEvent.CloseRetried.class)).extracting(AuditEvent.CloseRetried::symbol).containsExactly("NVDA");
        assertThat(desk.flatten(Optional.empty(), ALICE, OPEN).moved()).as("a second flatten closes nothing twice").isEmpty();
    }

    @Test
    void flattenOfASymbolTakesTheContractOrEveryInstrumentOfTheUnderlying() {
        long stock = openStock("GOOGL", "10");
        long option = store.insert(Fixtures.longOption(OPTION, "2", "5.00"), OPEN);
        long other = openStock("AAPL", "1");

        assertThat(desk.flatten(Optional.of(OPTION), ALICE, OPEN).moved()).extracting(Lot::id).containsExactly(option);
        assertThat(desk.flatten(Optional.of("googl"), ALICE, OPEN).moved()).extracting(Lot::id).containsExactly(stock);
        assertThat(store.row(other).status).isEqualTo(LotStatus.OPEN);
        assertThatThrownBy(() -> desk.flatten(Optional.empty(), BOB_NO_REASON, OPEN)).hasMessageContaining("flatten needs a reason");
    }

    @Test
    void pauseAndResumeAreRecordedOnceWithWhoAndWhy() {
        assertThat(desk.resume(BOB_NO_REASON, OPEN).changed()).as("never paused").isFalse();
        assertThatThrownBy(() -> desk.pause(BOB_NO_REASON, OPEN)).hasMessageContaining("pause needs a reason");

        OperatorDesk.PauseChange paused = desk.pause(ALICE, OPEN);
        assertThat(paused.changed()).isTrue();
        assertThat(paused.state().paused()).isTrue();
        assertThat(paused.state().by()).isEqualTo("alice");
        assertThat(desk.pause(new Operator("carol", "again"), OPEN.plusSeconds(5)).changed()).isFalse();
        assertThat(desk.pauseState().by()).as("the first pause is kept").isEqualTo("alice");
        assertThat(desk.resume(BOB_NO_REASON, OPEN.plusSeconds(60)).state().paused()).isFalse();

        assertThat(store.events()).extracting(e -> e.event()).containsExactly(
                new AuditEvent.TradingPaused("alice", "broker outage"), new AuditEvent.TradingResumed("bob", null));
        assertThat(store.events()).allSatisfy(e -> assertThat(e.lotId()).isNull());
    }

    @Test
    void whilePausedNoExitIsDecidedNoOrderSubmittedAndNothingResentThenTheResumeCatchesUp() {
        long stopped = openStock("AAPL", "10");
        long manual = openStock("MSFT", "5");
        desk.pause(ALICE, OPEN);
        assertThat(desk.close(manual, ALICE, OPEN).paused()).isTrue();
        broker.price("AAPL", "90.00"); // below the stop (95)

        sweep.sweep(SweepRequest.all(ACCOUNT, OPEN.plusSeconds(10), 0));
        assertThat(store.row(stopped).status).as("no exit decided while paused").isEqualTo(LotStatus.OPEN);
        assertThat(store.row(stopped).currentPrice).as("but priced").isEqualByComparingTo("90.00");
        sync.sync(OPEN.plusSeconds(60));
        assertThat(outbound.closes()).as("no re-send while paused").isEmpty();

        // a request already in the queue when the pause began is deferred without using its attempt
        CloseOutcome outcome = closes.close(new CloseRequest(ACCOUNT, manual, 1, "manual", OPEN.plusSeconds(61)));
        assertThat(outcome).isInstanceOf(CloseOutcome.Deferred.class);
        assertThat(store.row(manual).closeAttempts).isEqualTo(1);
        assertThat(store.row(manual).closeDispatchedAt).isNull();
        assertThat(store.events(AuditEvent.CloseDeferred.class)).containsExactly(new AuditEvent.CloseDeferred(1, null, "trading is paused"));
        assertThat(broker.submitted()).isEmpty();

        desk.resume(BOB_NO_REASON, OPEN.plusSeconds(90));
        sync.sync(OPEN.plusSeconds(120));
        assertThat(outbound.closes()).as("the deferred close is re-sent with its attempt")
                .containsExactly(new CloseRequest(ACCOUNT, manual, 1, "manual", OPEN.plusSeconds(120)));
        sweep.sweep(SweepRequest.all(ACCOUNT, OPEN.plusSeconds(130), 0));
        assertThat(store.row(stopped).status).as("the due exit happens at the first sweep after the resume").isEqualTo(LotStatus.CLOSING);
        assertThat(store.row(stopped).closeReason).isEqualTo(CloseReason.STOP_LOSS);
        outbound.closes().forEach(closes::close);
        assertThat(broker.submitted()).extracting(OrderRequest::symbol).containsExactlyInAnyOrder("MSFT", "AAPL");
    }
}
