package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Submits one lot's close, exactly once per attempt: the attempt's client order id is looked up
 * first, protective legs are cancelled and confirmed ended, the quantity never exceeds what the
 * broker holds nor what the legs' fills left of the lot, and an option is closed by its OCC symbol.
 * The fill itself is confirmed by the next sync.
 *
 * <p>Cancels are asynchronous at Alpaca: a cancelled leg can be {@code pending_cancel} for a while,
 * still holding its quantity, and can still fill (a 422 "order is not cancelable" usually means it
 * just did). So the legs are re-read until they have ended (a bounded wait); a leg's fill is the
 * lot's, accounted by the next sync, and only what is still held is sold. Legs still working after
 * the wait fail the item as a transient failure, so it is retried; nothing is sent meanwhile.
 */
public final class CloseOrderService {
    private static final Logger LOG = LoggerFactory.getLogger(CloseOrderService.class);
    /**
     * Pauses between re-reads of cancelled orders: under a second in all. Most cancels are confirmed
     * at once; a longer wait would spend the invocation and the request budget on re-reads, while a
     * failed item comes back in seconds anyway.
     */
    static final List<Duration> CANCEL_WAITS = List.of(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500));

    /** Cancelled orders still working after the wait: transient, and never a refusal of the close. */
    static final class StillWorking extends BrokerException {
        StillWorking(String message) {
            super(BrokerFailure.INSUFFICIENT_QTY, 0, null, message);
        }
    }

    /** Waiting between re-reads (tests pass one that does not sleep). */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration);

        Pause SLEEP = d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for cancels to be confirmed", e);
            }
        };
    }

    private final ManagerSettings settings;
    private final PositionStore store;
    private final Broker broker;
    private final Pause pause;

    public CloseOrderService(ManagerSettings settings, PositionStore store, Broker broker) {
        this(settings, store, broker, Pause.SLEEP);
    }

    CloseOrderService(ManagerSettings settings, PositionStore store, Broker broker, Pause pause) {
        this.settings = settings;
        this.store = store;
        this.broker = broker;
        this.pause = pause;
    }

    /** The account whose lots this service closes (the {@code account} key of its log lines). */
    public String account() {
        return settings.account();
    }

    /**
     * Handles one request: its lot's {@code lot_id}, {@code symbol} and {@code client_order_id} go into the log
     * keys ({@link LogKeys}), which the caller's message scope clears.
     *
     * @throws BrokerException for transient broker failures (429, 5xx, timeouts, legs still pending
     *                         cancel) and when the broker refuses our credentials: the item is retried,
     *                         and no close attempt is used
     * @throws IllegalArgumentException for a request of another account or for an unknown lot
     */
    public CloseOutcome close(CloseRequest request) {
        try {
            return closeLot(request);
        } catch (BrokerException e) {
            if (e.failure() == BrokerFailure.AUTHENTICATION) {
                // Not the lot's fault: bad or rotated keys. Loud, but no attempt is used; the redelivery closes it.
                LOG.error("close of lot {} (attempt {}) stopped: the broker refused our API keys (HTTP {}: {}); "
                        + "the lot stays closing and the close is retried once the keys work", request.lotId(), request.attempt(),
                        e.httpStatus(), e.getMessage());
            }
            throw e;
        }
    }

    private CloseOutcome closeLot(CloseRequest request) {
        if (!settings.account().equals(request.account())) {
            throw new IllegalArgumentException("close request for account '" + request.account()
                    + "' reached the stack of account '" + settings.account() + "'");
        }
        Lot lot = store.lot(settings.account(), request.lotId())
                .orElseThrow(() -> new IllegalArgumentException("lot " + request.lotId() + " does not exist in account "
                        + settings.account()));
        LogKeys.lot(lot.id());
        LogKeys.order(lot.symbol(), lot.closeClientOrderId(request.attempt()));
        if (lot.status() != LotStatus.CLOSING) {
            return new CloseOutcome.Ignored("lot " + lot.id() + " is " + lot.status().code());
        }
        if (request.attempt() != lot.closeAttempts()) {
            return new CloseOutcome.Ignored("request is for attempt " + request.attempt() + ", lot is at attempt " + lot.closeAttempts());
        }
        if (store.tradingPause(settings.account()).paused()) {
            return deferWhilePaused(lot, request);
        }
        String clientOrderId = lot.closeClientOrderId(request.attempt());
        Optional<BrokerOrder> existing = broker.orderByClientId(clientOrderId);
        if (existing.isPresent()) {
            store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, existing.get().id(), request.asOf());
            return new CloseOutcome.AlreadySubmitted(existing.get().id(), clientOrderId);
        }
        Optional<BrokerPosition> position = broker.position(lot.symbol());
        Optional<CloseOutcome> gone = positionGone(lot, position, request);
        if (gone.isPresent()) {
            return gone.get();
        }
        if (lot.isScalingOut() && !lot.legsToCancel().isEmpty()) {
            // Recorded before the cancel: from here on this system's own stop and target protect the rest.
            store.releaseLegs(lot.account(), lot.id(), request.attempt(), request.asOf());
        }
        // A redelivered scale-out waits for its legs again (an earlier delivery's cancel may still be pending);
        // a later close does not: the scale-out saw them end, and sync booked whatever they filled.
        List<String> legs = lot.isScalingOut() ? lot.legs().ids() : lot.legsToCancel();
        BigDecimal legsFilled = cancelUntilEnded(legs, lot).stream()
                .map(BrokerOrder::filledQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (legsFilled.signum() > 0) {
            // A leg filled (possibly while its cancel was pending): the position is smaller now.
            BigDecimal left = lot.quantity().subtract(legsFilled);
            if (left.signum() <= 0) {
                String why = "its protective leg filled " + legsFilled.toPlainString() + " " + lot.symbol() + ": nothing left to sell";
                event(lot, new AuditEvent.CloseSkipped(why, request.attempt()), request);
                return new CloseOutcome.PositionGone(why);
            }
            position = broker.position(lot.symbol());
            gone = positionGone(lot, position, request);
            if (gone.isPresent()) {
                return gone.get();
            }
        }
        // Never sell more than the broker holds, nor what a leg's fill already closed: more would open the other side.
        BigDecimal quantity = lot.quantity().subtract(legsFilled).min(position.orElseThrow().size());
        if (lot.isScalingOut()) {
            quantity = quantity.min(lot.partialQuantity());
        }
        OrderRequest order = new OrderRequest(lot.symbol(), quantity, lot.side().closingOrderSide(), clientOrderId);
        try {
            // A scale-out cancels nothing but its own legs: it never takes the quantity other lots' orders hold.
            Optional<BrokerOrder> placed = lot.isScalingOut() ? Optional.of(broker.submit(order)) : submit(order, lot);
            if (placed.isEmpty()) {
                String why = "the orders holding " + lot.symbol() + " filled while being cancelled: the broker holds none of it";
                event(lot, new AuditEvent.CloseSkipped(why, request.attempt()), request);
                return new CloseOutcome.PositionGone(why);
            }
            BrokerOrder sent = placed.get();
            BigDecimal sentQuantity = sent.quantity() != null ? sent.quantity() : quantity;
            store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, sent.id(), request.asOf());
            event(lot, new AuditEvent.CloseSubmitted(sent.id(), clientOrderId, lot.symbol(), order.side(), sentQuantity,
                    request.reason()), request);
            return new CloseOutcome.Submitted(sent.id(), clientOrderId, sentQuantity.toPlainString());
        } catch (BrokerException e) {
            if (lot.isScalingOut() && !(e instanceof StillWorking) && endsScaleOut(e.failure())) {
                return scaleOutRefused(lot, request, e);
            }
            return refusedOrRethrow(lot, request, clientOrderId, e);
        }
    }

    /** Refusals after which a scale-out is given up rather than retried (transient failures are retried). */
    private static boolean endsScaleOut(BrokerFailure failure) {
        return failure.isRefusalOfTheOrder() || failure == BrokerFailure.MARKET_CLOSED || failure == BrokerFailure.POSITION_NOT_FOUND;
    }

    /**
     * The broker refused a scale-out: the lot goes back to OPEN at once with its stop unchanged, so a
     * partial exit never keeps a lot from its full-exit rules; it scaled out once (nothing sold), and
     * does not try again.
     */
    private CloseOutcome scaleOutRefused(Lot lot, CloseRequest request, BrokerException e) {
        String message = String.valueOf(e.getMessage());
        if (store.endScaleOut(lot.account(), lot.id(), request.attempt(), null, request.asOf())) {
            event(lot, new AuditEvent.ScaleOutEnded(lot.symbol(), BigDecimal.ZERO, lot.stopLoss(), lot.stopLoss(),
                    "refused by the broker (" + e.failure() + "): " + message), request);
        }
        return new CloseOutcome.Refused(LotStatus.OPEN, message);
    }

    /** {@code close_skipped} when the broker holds nothing for the lot, or holds the other direction. */
    private Optional<CloseOutcome> positionGone(Lot lot, Optional<BrokerPosition> position, CloseRequest request) {
        if (position.isPresent() && position.get().side() == lot.side()) {
            return Optional.empty();
        }
        String why = position.isEmpty() ? "the broker holds no " + lot.symbol()
                : "the broker holds " + position.get().quantity().toPlainString() + " " + lot.symbol() + ", the other direction";
        event(lot, new AuditEvent.CloseSkipped(why, request.attempt()), request);
        return Optional.of(new CloseOutcome.PositionGone(why));
    }

    /**
     * Submits; when open orders other than the lot's own legs hold the quantity, cancels them, waits
     * until they have ended and tries once more for what the broker then holds (they may have filled
     * meanwhile). Empty when nothing is left to sell.
     */
    private Optional<BrokerOrder> submit(OrderRequest order, Lot lot) {
        try {
            return Optional.of(broker.submit(order));
        } catch (BrokerException e) {
            if (e.failure() != BrokerFailure.INSUFFICIENT_QTY) {
                throw e;
            }
            List<String> holding = broker.openOrders().stream()
                    .flatMap(o -> Stream.concat(Stream.of(o), o.legs().stream()))
                    .filter(o -> o.symbol().equals(lot.symbol()) && o.side() == order.side() && !o.isTerminal())
                    .map(BrokerOrder::id).toList();
            cancelUntilEnded(holding, lot);
            Optional<BrokerPosition> now = broker.position(lot.symbol());
            if (now.isEmpty() || now.get().side() != lot.side()) {
                return Optional.empty();
            }
            return Optional.of(broker.submit(new OrderRequest(order.symbol(), order.quantity().min(now.get().size()), order.side(),
                    order.clientOrderId())));
        }
    }

    /**
     * Cancels the orders and re-reads them until each has ended, within {@link #CANCEL_WAITS};
     * returns them as they ended (an order the broker no longer knows holds nothing and is left out).
     *
     * @throws StillWorking when some are still working after the wait: they hold the quantity and may still fill
     */
    private List<BrokerOrder> cancelUntilEnded(List<String> orderIds, Lot lot) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        for (String id : orderIds) {
            try {
                broker.cancel(id);
            } catch (BrokerException e) {
                if (e.isTransient() || e.failure() == BrokerFailure.AUTHENTICATION) {
                    throw e;
                }
                // Refused for another reason: re-reading the order below tells whether it still works.
                LOG.warn("cancel of order {} of lot {} refused: {}", id, lot.id(), e.getMessage());
            }
        }
        List<BrokerOrder> ended = new ArrayList<>();
        Set<String> working = new LinkedHashSet<>(orderIds);
        for (int round = 0; ; round++) {
            for (String id : List.copyOf(working)) {
                Optional<BrokerOrder> o = broker.order(id);
                if (o.isEmpty() || o.get().isTerminal()) {
                    o.ifPresent(ended::add);
                    working.remove(id);
                }
            }
            if (working.isEmpty()) {
                return ended;
            }
            if (round == CANCEL_WAITS.size()) {
                throw new StillWorking("orders " + working + " of " + lot.symbol()
                        + " are still working after their cancel (pending cancel): they hold the quantity and may still fill;"
                        + " nothing was sent for lot " + lot.id());
            }
            pause.pause(CANCEL_WAITS.get(round));
        }
    }

    private CloseOutcome refusedOrRethrow(Lot lot, CloseRequest request, String clientOrderId, BrokerException e) {
        if (e instanceof StillWorking) {
            throw e;
        }
        switch (e.failure()) {
            case DUPLICATE_CLIENT_ORDER_ID -> {
                // Accepted on an earlier delivery whose response was lost: record it, never resend.
                Optional<BrokerOrder> found = broker.orderByClientId(clientOrderId);
                if (found.isPresent()) {
                    store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, found.get().id(), request.asOf());
                    return new CloseOutcome.AlreadySubmitted(found.get().id(), clientOrderId);
                }
                throw e;
            }
            case POSITION_NOT_FOUND -> {
                event(lot, new AuditEvent.CloseSkipped("position does not exist", request.attempt()), request);
                return new CloseOutcome.PositionGone("position does not exist");
            }
            case MARKET_CLOSED -> {
                // Options cannot be closed outside the session: a new attempt is sent by sync once it opens.
                store.restartClose(lot.account(), lot.id(), request.attempt(), request.asOf());
                event(lot, new AuditEvent.CloseDeferred(request.attempt(), String.valueOf(e.getMessage())), request);
                return new CloseOutcome.Refused(LotStatus.CLOSING, e.getMessage());
            }
            default -> {
                if (!e.failure().isRefusalOfTheOrder()) {
                    throw e; // transient, or our credentials: retried, no attempt used
                }
                return refused(lot, request, e);
            }
        }
    }

    /** Paused by an operator: no order; the attempt is kept and re-sent by the first sync after the resume. */
    private CloseOutcome deferWhilePaused(Lot lot, CloseRequest request) {
        if (!store.deferClose(lot.account(), lot.id(), request.attempt(), request.asOf())) {
            return new CloseOutcome.Ignored("trading is paused and attempt " + request.attempt() + " is no longer waiting");
        }
        event(lot, new AuditEvent.CloseDeferred(request.attempt(), null, "trading is paused"), request);
        return new CloseOutcome.Deferred("trading is paused for account " + lot.account());
    }

    /**
     * The broker refused the order (buying power, day trading, wash trade, any refusal not understood,
     * which carries the broker's message): retrying at once would storm the broker. Bounded attempts,
     * then CLOSE_FAILED. A wash-trade refusal cancels nothing: the opposite order is not ours.
     */
    private CloseOutcome refused(Lot lot, CloseRequest request, BrokerException e) {
        int max = e.failure() == BrokerFailure.PATTERN_DAY_TRADING ? request.attempt() : settings.maxCloseAttempts();
        LotStatus status = store.closeRefused(lot.account(), lot.id(), request.attempt(), e.getMessage(), max, request.asOf())
                .orElse(lot.status());
        String message = String.valueOf(e.getMessage());
        event(lot, status == LotStatus.CLOSE_FAILED
                ? new AuditEvent.CloseFailed(request.attempt(), e.failure(), e.httpStatus(), message, status)
                : new AuditEvent.CloseRefused(request.attempt(), e.failure(), e.httpStatus(), message, status), request);
        return new CloseOutcome.Refused(status, e.getMessage());
    }

    private void event(Lot lot, AuditEvent event, CloseRequest request) {
        store.append(List.of(PositionEvent.ofLot(lot, event, request.asOf())));
    }
}
