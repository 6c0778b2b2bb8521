package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.AFTER_CLOSE;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.OPTION;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SweepService} alone, on fakes of its ports. */
class SweepServiceTest {
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession();
    private final FakeOutbound outbound = new FakeOutbound();
    private SweepService service = new SweepService(Fixtures.settings(), store, broker, outbound);

    private static SweepRequest at(Instant t) {
        return SweepRequest.all(ACCOUNT, t, 0);
    }

    @Test
    void aRequestOfAnotherAccountIsBadInput() {
        assertThatThrownBy(() -> service.sweep(SweepRequest.all("other", OPEN, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other'");
    }

    @Test
    void aSweepOlderThanOneAlreadyProcessedIsDroppedAndARetryOfTheSameTimeRuns() {
        store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        broker.price("AAPL", "101.00");

        assertThat(service.sweep(at(OPEN)).skipped()).isNull();
        assertThat(service.sweep(at(OPEN.minusSeconds(15))).skipped()).contains("already ran");
        assertThat(service.sweep(at(OPEN)).skipped()).as("a retry of the same sweep").isNull();
        assertThat(broker.calls("stockPrices")).isEqualTo(2);
    }

    @Test
    void anAccountWithoutOpenLotsAsksTheBrokerNothing() {
        assertThat(service.sweep(at(OPEN))).isEqualTo(new SweepReport(0, 0, List.of(), false, null));
        assertThat(broker.calls("session") + broker.calls("stockPrices") + broker.calls("openOrders")).isZero();
    }

    @Test
    void aStopCrossedInTheSessionMovesTheLotToClosingRecordsTheTriggerAndSendsOneCloseRequest() {
        long id = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        store.insert(Fixtures.longStock("MSFT", "5", "300.00"), OPEN);
        broker.price("AAPL", "94.10").price("MSFT", "301.00");

        SweepReport report = service.sweep(at(OPEN));

        assertThat(report).isEqualTo(new SweepReport(2, 2, List.of(id), true, null));
        FakePositionStore.Row row = store.row(id);
        assertThat(row.status).isEqualTo(LotStatus.CLOSING);
        assertThat(row.closeReason).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(row.closeAttempts).isEqualTo(1);
        assertThat(row.closeDispatchedAt).isEqualTo(OPEN);
        assertThat(store.events(AuditEvent.ExitTriggered.class)).containsExactly(new AuditEvent.ExitTriggered(
                CloseReason.STOP_LOSS, "price 94.1 crossed stop 95", "AAPL", d("94.10"), 1));
        assertThat(outbound.closes()).containsExactly(new CloseRequest(ACCOUNT, id, 1, "stop_loss", OPEN));
        assertThat(store.row(2).currentPrice).isEqualByComparingTo("301.00");
        assertThat(store.row(2).status).isEqualTo(LotStatus.OPEN);
    }

    @Test
    void outsideTheSessionPricesAreRecordedButNoRuleActs() {
        long id = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        broker.price("AAPL", "90.00").at(AFTER_CLOSE);

        SweepReport report = service.sweep(at(AFTER_CLOSE));

        assertThat(report.marketOpen()).isFalse();
        assertThat(report.exits()).isEmpty();
        assertThat(store.row(id).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(id).currentPrice).isEqualByComparingTo("90.00");
        assertThat(outbound.closes()).isEmpty();
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aLotWithoutAPriceKeepsItsLastPriceAndIsNotCounted() {
        long id = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        store.insert(Fixtures.longStock("MSFT", "5", "300.00"), OPEN);
        broker.price("MSFT", "301.00");

        SweepReport report = service.sweep(at(OPEN));

        assertThat(report.lots()).isEqualTo(2);
        assertThat(report.priced()).isEqualTo(1);
        assertThat(store.row(id).currentPrice).isNull();
        assertThat(store.row(id).lastCheckedAt).isEqualTo(OPEN);
    }

    @Test
    void pricesAreReadInBatchesOfDistinctSymbolsStocksAndOptionsApart() {
        service = new SweepService(new ManagerSettings(ACCOUNT, ExitSettings.defaults(), 3, 4, 2, 5000, Duration.ofMinutes(3)),
                store, broker, outbound);
        for (String s : List.of("AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "AAPL")) {
            store.insert(Fixtures.longStock(s, "1", "100.00"), OPEN);
            broker.price(s, "100.50");
        }
        store.insert(Fixtures.longOption(OPTION, "1", "4.00"), OPEN);
        broker.price(OPTION, "4.10");

        SweepReport report = service.sweep(at(OPEN));

        assertThat(report.priced()).isEqualTo(7);
        assertThat(broker.calls("stockPrices")).as("5 symbols, 2 a request").isEqualTo(3);
        assertThat(broker.calls("optionPrices")).isEqualTo(1);
    }

    @Test
    void aLotWhoseProtectiveLegsAreNoLongerOpenExitsForMissingBrackets() {
        long guarded = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"), OPEN);
        long bare = store.insert(Fixtures.withLegs(Fixtures.longStock("MSFT", "5", "300.00"), "stop-2", "target-2", "entry-2"), OPEN);
        broker.price("AAPL", "101.00").price("MSFT", "301.00");
        broker.filledBracket("entry-1", "AAPL", "10", "stop-1", "target-1");

        SweepReport report = service.sweep(at(OPEN));

        assertThat(report.exits()).containsExactly(bare);
        assertThat(store.row(bare).closeReason).isEqualTo(CloseReason.MISSING_BRACKETS);
        assertThat(store.row(guarded).status).isEqualTo(LotStatus.OPEN);
        assertThat(broker.calls("openOrders")).isEqualTo(1);
    }

    @Test
    void openOrdersAreNotReadWhenNoLotHasLegs() {
        store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        broker.price("AAPL", "101.00");

        service.sweep(at(OPEN));

        assertThat(broker.calls("openOrders")).isZero();
    }

    @Test
    void aFailedPriceReadChangesNoLot() {
        long id = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        broker.price("AAPL", "90.00").failNext("stockPrices", BrokerFailure.UNAVAILABLE, 503, null, "service unavailable");

        assertThatThrownBy(() -> service.sweep(at(OPEN))).isInstanceOf(BrokerException.class);

        assertThat(store.row(id).lastCheckedAt).isNull();
        assertThat(store.row(id).status).isEqualTo(LotStatus.OPEN);
        assertThat(outbound.closes()).isEmpty();
        assertThat(service.sweep(at(OPEN)).exits()).as("the retry exits").containsExactly(id);
    }

    @Test
    void aFailedBatchLeavesOnlyItsLotsUnpricedAndTheOthersAreSweptAndExit() {
        long stock = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        long option = store.insert(Fixtures.longOption(OPTION, "1", "5.00"), OPEN);
        broker.price("AAPL", "90.00").price(OPTION, "5.10")
                .failPricesWith(OPTION, 1, BrokerFailure.UNAVAILABLE, 503, "service unavailable");

        SweepReport report = service.sweep(at(OPEN));

        assertThat(report.lots()).isEqualTo(2);
        assertThat(report.priced()).isEqualTo(1);
        assertThat(report.exits()).as("the stock's stop still fires").containsExactly(stock);
        assertThat(store.row(option).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(option).currentPrice).as("no price: it keeps none").isNull();
    }

    @Test
    void whenSendingFailsTheLotStaysClosingAndUndispatchedForSyncToResend() {
        long id = store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        broker.price("AAPL", "90.00");
        outbound.failNextSend(new IllegalStateException("SQS refused 1 message(s)"));

        assertThatThrownBy(() -> service.sweep(at(OPEN))).hasMessageContaining("SQS refused");

        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSING);
        assertThat(store.closingToExamine(ACCOUNT, OPEN.minusSeconds(600))).extracting(l -> l.id()).containsExactly(id);
    }

    @Test
    void aSweepCoversOnlyItsLotRange() {
        store.insert(Fixtures.longStock("AAPL", "10", "100.00"), OPEN);
        long second = store.insert(Fixtures.longStock("MSFT", "5", "300.00"), OPEN);
        broker.price("AAPL", "90.00").price("MSFT", "250.00");

        SweepReport report = service.sweep(new SweepRequest(ACCOUNT, OPEN, 0, second, Long.MAX_VALUE));

        assertThat(report.lots()).isEqualTo(1);
        assertThat(report.exits()).containsExactly(second);
        assertThat(store.row(1).status).isEqualTo(LotStatus.OPEN);
    }
}
