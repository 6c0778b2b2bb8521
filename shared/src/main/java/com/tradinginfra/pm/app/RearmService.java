package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.Protection;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sync's re-arm step ({@code MISSING_BRACKETS_ACTION=rearm}): places the one-cancels-other pairs
 * {@link Protection} decides on and records their legs as the lots' protective legs, inside the
 * sync's transaction and under its account lock (one writer).
 *
 * <p>Exactly one pair per arm: its client order id is deterministic and looked up before
 * submitting, and the arm number moves on only when the legs are recorded, so a sync that failed
 * after the broker accepted (a lost answer, a rolled-back commit) finds the same pair next time.
 * The lot's row is locked before the pair is placed: a sweep that moves the lot to CLOSING waits
 * for the commit and then sees the new legs, which the close path cancels first. A refused pair
 * closes the lot for missing brackets, as {@code close} would have; a transient failure waits for
 * the next sync.
 */
public final class RearmService {
    private static final Logger LOG = LoggerFactory.getLogger(RearmService.class);

    private final ManagerSettings settings;
    private final PositionStore store;
    private final Broker broker;
    private final Protection protection = new Protection();

    public RearmService(ManagerSettings settings, PositionStore store, Broker broker) {
        this.settings = settings;
        this.store = store;
        this.broker = broker;
    }

    /**
     * Re-arms what needs it at {@code asOf}; returns the events to append. Reads nothing from the broker
     * unless {@code rearm} is configured, some open stock lot has protective legs and the session is open.
     *
     * @param positions the broker's positions as this sync read them
     */
    public List<PositionEvent> rearm(Instant asOf, List<BrokerPosition> positions) {
        String account = settings.account();
        if (settings.missingBrackets() != MissingBracketsAction.REARM || store.tradingPause(account).paused()) {
            return List.of(); // paused: no order is submitted
        }
        List<Lot> lots = store.activeLots(account);
        if (!Protection.anyCandidate(lots)) {
            return List.of();
        }
        Optional<MarketSession> session = broker.session(MarketSession.tradingDate(asOf));
        if (session.isEmpty() || !session.get().isOpenAt(asOf)) {
            return List.of(); // Alpaca would refuse or queue it: the lot waits for the open
        }
        List<Protection.Arm> arms = protection.plan(new Protection.Input(lots, broker.openOrders(), positions, session, asOf));
        List<PositionEvent> events = new ArrayList<>();
        for (Protection.Arm arm : arms) {
            arm(arm, asOf).ifPresent(events::add);
        }
        return events;
    }

    private Optional<PositionEvent> arm(Protection.Arm arm, Instant asOf) {
        Lot lot = arm.lot();
        String account = settings.account();
        if (!store.claimProtection(account, lot.id(), arm.arm())) {
            return Optional.empty(); // moved to CLOSING meanwhile, or armed by an earlier sync
        }
        String clientOrderId = arm.request().clientOrderId();
        BrokerOrder pair;
        try {
            Optional<BrokerOrder> existing = broker.orderByClientId(clientOrderId);
            pair = existing.isPresent() ? existing.get() : broker.protect(arm.request());
        } catch (BrokerException e) {
            Optional<BrokerOrder> found = e.failure() == BrokerFailure.DUPLICATE_CLIENT_ORDER_ID
                    ? broker.orderByClientId(clientOrderId) : Optional.empty();
            if (found.isPresent()) {
                pair = found.get(); // accepted on an earlier try whose answer was lost
            } else if (e.isTransient() || e.failure() == BrokerFailure.AUTHENTICATION
                    || e.failure() == BrokerFailure.DUPLICATE_CLIENT_ORDER_ID) {
                LOG.warn("re-arming lot {} ({}) with {} waits for the next sync: {}", lot.id(), lot.symbol(), clientOrderId,
                        e.getMessage());
                return Optional.empty();
            } else {
                return Optional.of(refused(arm, e, asOf));
            }
        }
        if (pair.legs().isEmpty()) {
            pair = broker.order(pair.id()).orElse(pair); // the look-up by client id may answer without the nested legs
        }
        // Recorded even when the pair has ended already (its limit was marketable and filled on arrival, or an earlier
        // try's lost answer filled before this sync): its fills are the lot's, booked by sync through these legs, and a
        // close meanwhile counts what they filled as sold (never selling it twice); the next sync re-arms what is left.
        ProtectiveLegs legs = Protection.legsOf(pair);
        if (!store.recordProtection(account, lot.id(), arm.arm(), legs, asOf)) {
            throw new IllegalStateException("lot " + lot.id() + " was locked for arm " + arm.arm() + " but its legs were not recorded");
        }
        return Optional.of(PositionEvent.ofLot(lot, new AuditEvent.ProtectionArmed(lot.symbol(), arm.request().side(),
                pair.quantity() != null ? pair.quantity() : arm.request().quantity(), arm.request().stopLoss(),
                arm.request().takeProfit(), legs.stopOrderId(), legs.targetOrderId(), clientOrderId, arm.arm()), asOf));
    }

    /** The broker will not take the pair: close the lot for missing brackets (the next step of this sync sends it). */
    private PositionEvent refused(Protection.Arm arm, BrokerException e, Instant asOf) {
        Lot lot = arm.lot();
        LOG.warn("re-arming lot {} ({}) refused ({} HTTP {}): closing it for missing brackets: {}", lot.id(), lot.symbol(),
                e.failure(), e.httpStatus(), e.getMessage());
        store.requestClose(settings.account(), List.of(lot.id()), CloseReason.MISSING_BRACKETS, asOf);
        return PositionEvent.ofLot(lot, new AuditEvent.ProtectionRefused(lot.symbol(), arm.arm(), e.failure(), e.httpStatus(),
                String.valueOf(e.getMessage())), asOf);
    }
}
