package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.ProtectionRequest;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.tradinginfra.pm.app.Fixtures.AFTER_CLOSE;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;

/** Sync's re-arm step on fakes of its ports: one pair per arm whatever fails, refusals close, nothing outside the session. */
class RearmServiceTest {
    private static final Instant TICK = OPEN.plus(Duration.ofMinutes(10));
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession().at(TICK);
    private final FakeOutbound outbound = new FakeOutbound();
    private final SyncService rearming = new SyncService(Fixtures.settings().withMissingBrackets(MissingBracketsAction.REARM),
            store, broker, outbound);

    /** A bracketed lot whose legs the broker no longer has. */
    private long unprotected() {
        long id = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "gone-stop", "gone-target", null), OPEN);
        broker.holding("AAPL", "10", "100.00");
        return id;
    }

    @Test
    void aLotWhoseLegsAreGoneGetsOnePairWhoseLegsBecomeItsOwn() {
        long id = unprotected();
        rearming.sync(TICK);
        rearming.sync(TICK.plusSeconds(60));

        assertThat(broker.protections()).hasSize(1);
        ProtectionRequest pair = broker.protections().get(0);
        assertThat(pair.clientOrderId()).isEqualTo("pm-main-" + id + "-r1");
        assertThat(pair.side()).isEqualTo(OrderSide.SELL);
        assertThat(pair.quantity()).isEqualByComparingTo("10");
        assertThat(pair.stopLoss()).isEqualByComparingTo("95");
        assertThat(pair.takeProfit()).isEqualByComparingTo("115");
        FakePositionStore.Row row = store.row(id);
        assertThat(row.protectionArms).isEqualTo(1);
        String pairId = broker.orderByClientId(pair.clientOrderId()).orElseThrow().id();
        assertThat(row.legs.targetOrderId()).isEqualTo(pairId);
        assertThat(row.legs.stopOrderId()).isEqualTo(broker.order(pairId).orElseThrow().legs().get(0).id());
        assertThat(store.events(AuditEvent.ProtectionArmed.class)).singleElement()
                .satisfies(e -> assertThat(e.arm()).isEqualTo(1));
        assertThat(row.status).isEqualTo(LotStatus.OPEN);
    }

    @Test
    void aPairAcceptedOnAnEarlierTryIsFoundByItsClientOrderIdNotPlacedAgain() {
        long id = unprotected();
        // Accepted at the broker, but the answer was lost: nothing reached the database.
        broker.protect(new ProtectionRequest("AAPL", d("10"), OrderSide.SELL, d("115"), d("95"), "pm-main-" + id + "-r1"));
        rearming.sync(TICK);
        assertThat(broker.protections()).hasSize(1);
        assertThat(store.row(id).protectionArms).isEqualTo(1);
        assertThat(store.row(id).legs.expected()).isTrue();
    }

    @Test
    void aTransientFailureWaitsForTheNextSyncWhichPlacesTheSameArm() {
        long id = unprotected();
        broker.failNext("protect", BrokerFailure.UNAVAILABLE, 503, null, "service unavailable");
        rearming.sync(TICK);
        assertThat(store.row(id).protectionArms).isZero();
        assertThat(store.row(id).legs).isEqualTo(new ProtectiveLegs("gone-stop", "gone-target"));
        rearming.sync(TICK.plusSeconds(60));
        assertThat(broker.protections()).extracting(ProtectionRequest::clientOrderId)
                .containsExactly("pm-main-" + id + "-r1", "pm-main-" + id + "-r1");
        assertThat(store.row(id).protectionArms).isEqualTo(1);
    }

    @Test
    void aPairWhoseAnswerWasLostAndThatFilledBeforeItWasRecordedClosesItsOwnLot() {
        long older = store.insert(Fixtures.longStock("AAPL", "1", "100.00"), OPEN.minusSeconds(60));
        long id = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "4", "100.00"), "gone-stop", "gone-target", null), OPEN);
        broker.holding("AAPL", "5", "100.00");
        // arm 1 was accepted but its answer lost; its target filled at once, before any sync recorded it
        BrokerOrder lost = broker.protect(new ProtectionRequest("AAPL", d("4"), OrderSide.SELL, d("115"), d("95"),
                "pm-main-" + id + "-r1"));
        broker.fill(lost.id(), "115", TICK.minusSeconds(5));

        rearming.sync(TICK); // the pair's client order id names the lot: its fill is the lot's take profit
        assertThat(store.row(older).status).as("the older lot of the symbol keeps its share").isEqualTo(LotStatus.OPEN);
        assertThat(store.row(older).quantity).isEqualByComparingTo("1");
        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSED);
        assertThat(store.row(id).closeReason).isEqualTo(CloseReason.TAKE_PROFIT);

        rearming.sync(TICK.plusSeconds(60));
        assertThat(broker.protections()).extracting(ProtectionRequest::clientOrderId)
                .as("nothing left to protect").containsExactly("pm-main-" + id + "-r1");
    }

    @Test
    void aRefusedPairClosesTheLotForMissingBracketsInTheSameSync() {
        long id = unprotected();
        broker.failNext("protect", BrokerFailure.REJECTED, 422, 40010001, "stop_loss.stop_price must be below the market");
        rearming.sync(TICK);
        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSING);
        assertThat(store.row(id).closeReason).isEqualTo(CloseReason.MISSING_BRACKETS);
        assertThat(store.events(AuditEvent.ProtectionRefused.class)).singleElement()
                .satisfies(e -> assertThat(e.brokerMessage()).contains("stop_price"));
        assertThat(outbound.closes()).singleElement().satisfies(c -> assertThat(c.lotId()).isEqualTo(id));
    }

    @Test
    void nothingOutsideTheSessionNorUnderCloseNorWhilePaused() {
        unprotected();
        rearming.sync(AFTER_CLOSE);
        assertThat(broker.calls("openOrders")).isZero();
        new SyncService(Fixtures.settings(), store, broker, outbound).sync(TICK);
        assertThat(broker.protections()).isEmpty();
    }
}
