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
import com.tradinginfra.pm.domain.TradingPause;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Submits lots' closes, a batch (one SQS batch) at a time, exactly once per attempt: the attempt's
 * client order id is looked up first, protective legs are cancelled and confirmed ended, the quantity never exceeds what the
 * broker holds nor what the legs' fills left of the lot, and an option is closed by its OCC symbol.
 * The fill itself is confirmed by the next sync.
 *
 * <p>Cancels are asynchronous at Alpaca: a cancelled leg can be {@code pending_cancel} for a while,
 * still holding its quantity, and can still fill (a 422 "order is not cancelable" usually means it
 * just did). So the legs are re-read until they have ended (a bounded wait); a leg's fill is the
 * lot's, accounted by the next sync, and only what is still held is sold. Legs still working after
 * the wait fail the item as a transient failure, so it is retried; nothing is sent meanwhile.
 *
 * <p>The reads are the batch's, not each lot's: one orders read (look-ups and legs), one positions
 * read, one orders read per round of cancel confirmation. Lots of one symbol share its position.
 */
public final class CloseOrderService {
    private static final Logger LOG = LoggerFactory.getLogger(CloseOrderService.class);
    /**
     * Pauses between re-reads of cancelled orders: under a second in all. Most cancels are confirmed
     * at once; a longer wait would spend the invocation and the request budget on re-reads, while a
     * failed item comes back in seconds anyway.
     */
    static final List<Duration> CANCEL_WAITS = List.of(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500));

    /**
     * How long before the earliest entry of a batch its orders read starts: a bracket's parent is
     * submitted before its entry fills (a resting limit entry longer than this is read alone).
     */
    static final Duration ENTRY_ORDER_MARGIN = Duration.ofHours(1);

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
     * Handles one request: {@link #closeAll} of a batch of one.
     *
     * @throws BrokerException for transient broker failures (429, 5xx, timeouts, legs still pending
     *                         cancel) and when the broker refuses our credentials: the item is retried,
     *                         and no close attempt is used
     * @throws IllegalArgumentException for a request of another account or for an unknown lot
     */
    public CloseOutcome close(CloseRequest request) {
        return closeAll(List.of(request)).get(0).outcomeOrThrow();
    }

    /**
     * Handles a batch of requests (an SQS batch) with reads shared by all of them: one
     * {@link Broker#ordersSince} of the batch's symbols serves every lot's client-order-id look-up
     * and its legs' states, one {@link Broker#positions()} every lot's position; each lot then costs
     * its leg cancels and its submit (docs/ARCHITECTURE.md, "What a close costs"). Lots of one symbol
     * share its position: each sells at most what the ones before it left. Each request's lot keys
     * go into the log keys ({@link LogKeys}) while it is worked on.
     *
     * @return one result per request, in order: an outcome, or the failure that fails that item only
     *         (transient broker failures, refused credentials, legs still pending cancel: retried, no
     *         attempt used; a request of another account or for an unknown lot: bad input)
     */
    public List<CloseResult> closeAll(List<CloseRequest> requests) {
        try {
            return new Batch(requests).run();
        } finally {
            LogKeys.forgetLot(); // the caller's lines per message are not about the batch's last lot
        }
    }

    /** One request of a batch on its way. */
    private static final class Item {
        final CloseRequest request;
        Lot lot;
        String clientOrderId;
        CloseResult result;
        /** Legs whose cancel was asked for and is not yet confirmed. */
        final List<String> cancelled = new ArrayList<>();
        /** What the lot's ended legs filled: that much of the lot is closed already. */
        BigDecimal legsFilled = BigDecimal.ZERO;
        /** A leg filled after the batch's positions were read: they must be read again. */
        boolean filledMeanwhile;

        Item(CloseRequest request) {
            this.request = request;
        }

        boolean pending() {
            return result == null;
        }

        void done(CloseOutcome outcome) {
            result = CloseResult.of(request, symbol(), clientOrderId, outcome);
        }

        String symbol() {
            return lot == null ? null : lot.symbol();
        }

        /** This item's keys, and none of the previous item's. */
        void keys() {
            LogKeys.lot(request.lotId());
            LogKeys.order(symbol(), clientOrderId);
        }
    }

    /** What a batch read saw: positions by symbol, orders and their nested legs by id and by client order id. */
    private record View(Map<String, BrokerPosition> positions, Map<String, BrokerOrder> byId, Map<String, BrokerOrder> byClientId) {
        static View of(List<BrokerPosition> positions, List<BrokerOrder> orders) {
            Map<String, BrokerOrder> byId = new HashMap<>();
            Map<String, BrokerOrder> byClientId = new HashMap<>();
            for (BrokerOrder o : orders) {
                Stream.concat(Stream.of(o), o.legs().stream()).forEach(x -> {
                    byId.put(x.id(), x);
                    if (x.clientOrderId() != null) {
                        byClientId.put(x.clientOrderId(), x);
                    }
                });
            }
            return new View(bySymbol(positions), byId, byClientId);
        }

        static Map<String, BrokerPosition> bySymbol(List<BrokerPosition> positions) {
            Map<String, BrokerPosition> out = new HashMap<>();
            positions.forEach(p -> out.put(p.symbol(), p));
            return out;
        }

        Optional<BrokerPosition> position(String symbol) {
            return Optional.ofNullable(positions.get(symbol));
        }
    }

    /** The steps of one batch: each lot from the store, the shared reads, cancels, their confirmation, the submits. */
    private final class Batch {
        private final List<Item> items;
        private TradingPause tradingPause;
        private View view;

        Batch(List<CloseRequest> requests) {
            this.items = requests.stream().map(Item::new).toList();
        }

        List<CloseResult> run() {
            items.forEach(item -> step(item, () -> prepare(item)));
            if (!pending().isEmpty()) {
                try {
                    List<BrokerOrder> orders = broker.ordersSince(symbols(pending()), since(pending()));
                    view = View.of(broker.positions(), orders);
                } catch (RuntimeException e) {
                    pending().forEach(item -> fail(item, e));
                }
            }
            pending().forEach(item -> step(item, () -> cancelLegs(item)));
            confirmCancels();
            if (pending().stream().anyMatch(i -> i.filledMeanwhile)) {
                try {
                    view = new View(View.bySymbol(broker.positions()), view.byId(), view.byClientId());
                } catch (RuntimeException e) {
                    pending().forEach(item -> fail(item, e));
                }
            }
            Map<String, BigDecimal> left = new HashMap<>();
            Map<String, String> sent = new HashMap<>();
            pending().forEach(item -> step(item, () -> submitFor(item, left, sent)));
            return items.stream().map(i -> i.result).toList();
        }

        private List<Item> pending() {
            return items.stream().filter(Item::pending).toList();
        }

        private void step(Item item, Runnable work) {
            if (!item.pending()) {
                return;
            }
            item.keys();
            try {
                work.run();
            } catch (RuntimeException e) {
                fail(item, e);
            }
        }

        private void fail(Item item, RuntimeException e) {
            if (e instanceof BrokerException b && b.failure() == BrokerFailure.AUTHENTICATION) {
                // Not the lot's fault: bad or rotated keys. Loud, but no attempt is used; the redelivery closes it.
                LOG.error("close of lot {} (attempt {}) stopped: the broker refused our API keys (HTTP {}: {}); "
                        + "the lot stays closing and the close is retried once the keys work", item.request.lotId(),
                        item.request.attempt(), b.httpStatus(), b.getMessage());
            }
            item.result = CloseResult.failed(item.request, item.symbol(), item.clientOrderId, e);
        }

        private void prepare(Item item) {
            CloseRequest request = item.request;
            if (!settings.account().equals(request.account())) {
                throw new IllegalArgumentException("close request for account '" + request.account()
                        + "' reached the stack of account '" + settings.account() + "'");
            }
            Lot lot = store.lot(settings.account(), request.lotId())
                    .orElseThrow(() -> new IllegalArgumentException("lot " + request.lotId() + " does not exist in account "
                            + settings.account()));
            item.lot = lot;
            item.clientOrderId = lot.closeClientOrderId(request.attempt());
            item.keys();
            if (lot.status() != LotStatus.CLOSING) {
                item.done(new CloseOutcome.Ignored("lot " + lot.id() + " is " + lot.status().code()));
            } else if (request.attempt() != lot.closeAttempts()) {
                item.done(new CloseOutcome.Ignored("request is for attempt " + request.attempt() + ", lot is at attempt "
                        + lot.closeAttempts()));
            } else if (paused()) {
                item.done(deferWhilePaused(lot, request));
            }
        }

        private boolean paused() {
            if (tradingPause == null) {
                tradingPause = store.tradingPause(settings.account()); // read once for the batch
            }
            return tradingPause.paused();
        }

        /**
         * The look-up, the position and the lot's legs from the batch's reads; cancels the legs still working.
         * The look-up is sound from the orders read: the close order of an attempt is submitted after the
         * lot's entry, and the read starts before the earliest entry of the batch. (Should Alpaca's list
         * ever lag, a resend is still refused as a duplicate client order id, which is recorded, not resent.)
         */
        private void cancelLegs(Item item) {
            Lot lot = item.lot;
            BrokerOrder existing = view.byClientId().get(item.clientOrderId);
            if (existing != null) {
                store.recordCloseOrder(lot.account(), lot.id(), item.request.attempt(), item.clientOrderId, existing.id(),
                        item.request.asOf());
                item.done(new CloseOutcome.AlreadySubmitted(existing.id(), item.clientOrderId));
                return;
            }
            Optional<CloseOutcome> gone = positionGone(lot, view.position(lot.symbol()), item.request);
            if (gone.isPresent()) {
                item.done(gone.get());
                return;
            }
            if (lot.isScalingOut() && !lot.legsToCancel().isEmpty()) {
                // Recorded before the cancel: from here on this system's own stop and target protect the rest.
                store.releaseLegs(lot.account(), lot.id(), item.request.attempt(), item.request.asOf());
            }
            // A redelivered scale-out waits for its legs again (an earlier delivery's cancel may still be pending);
            // a later close does not: the scale-out saw them end, and sync booked whatever they filled.
            for (String id : lot.isScalingOut() ? lot.legs().ids() : lot.legsToCancel()) {
                // a bracket submitted more than the margin before its fill is not in the batch read: read it alone
                Optional<BrokerOrder> leg = Optional.ofNullable(view.byId().get(id)).or(() -> broker.order(id));
                if (leg.isEmpty()) {
                    continue; // the broker no longer knows it: it holds nothing
                }
                if (leg.get().isTerminal()) {
                    item.legsFilled = item.legsFilled.add(leg.get().filledQuantity());
                    continue;
                }
                cancel(id, lot);
                item.cancelled.add(id);
            }
        }

        /** Re-reads the cancelled legs, one orders read a round for the whole batch, until each has ended ({@link #CANCEL_WAITS}). */
        private void confirmCancels() {
            for (int round = 0; ; round++) {
                List<Item> waiting = pending().stream().filter(i -> !i.cancelled.isEmpty()).toList();
                if (waiting.isEmpty()) {
                    return;
                }
                if (round > 0) {
                    if (round > CANCEL_WAITS.size()) {
                        for (Item item : waiting) {
                            item.keys();
                            fail(item, new StillWorking("orders " + item.cancelled + " of " + item.lot.symbol()
                                    + " are still working after their cancel (pending cancel): they hold the quantity and may still"
                                    + " fill; nothing was sent for lot " + item.lot.id()));
                        }
                        return;
                    }
                    pause.pause(CANCEL_WAITS.get(round - 1));
                }
                Map<String, BrokerOrder> byId;
                try {
                    byId = View.of(List.of(), broker.ordersSince(symbols(waiting), since(waiting))).byId();
                } catch (RuntimeException e) {
                    waiting.forEach(item -> fail(item, e));
                    return;
                }
                for (Item item : waiting) {
                    step(item, () -> {
                        for (String id : List.copyOf(item.cancelled)) {
                            Optional<BrokerOrder> o = Optional.ofNullable(byId.get(id)).or(() -> broker.order(id));
                            if (o.isEmpty() || o.get().isTerminal()) {
                                item.cancelled.remove(id);
                                BigDecimal filled = o.map(BrokerOrder::filledQuantity).orElse(BigDecimal.ZERO);
                                if (filled.signum() > 0) {
                                    // A leg filled (possibly while its cancel was pending): the position is smaller now.
                                    item.legsFilled = item.legsFilled.add(filled);
                                    item.filledMeanwhile = true;
                                }
                            }
                        }
                    });
                }
            }
        }

        /** Submits for what is left of the lot, within what the broker holds and the batch's earlier lots of the symbol left. */
        private void submitFor(Item item, Map<String, BigDecimal> left, Map<String, String> sent) {
            Lot lot = item.lot;
            CloseRequest request = item.request;
            String clientOrderId = item.clientOrderId;
            if (sent.containsKey(clientOrderId)) {
                // the same request twice in one batch (SQS delivers at least once): the first one sent it
                item.done(new CloseOutcome.AlreadySubmitted(sent.get(clientOrderId), clientOrderId));
                return;
            }
            // What the legs filled, less what sync booked of it already (the lot shrank by that): read in one snapshot.
            BigDecimal ofLot = item.legsFilled.signum() == 0 ? lot.quantity()
                    : store.holding(lot.account(), lot.id(), lot.legs().ids()).leftAfter(item.legsFilled);
            if (ofLot.signum() <= 0) {
                String why = "its protective leg filled " + item.legsFilled.toPlainString() + " " + lot.symbol() + ": nothing left to sell";
                event(lot, new AuditEvent.CloseSkipped(why, request.attempt()), request);
                item.done(new CloseOutcome.PositionGone(why));
                return;
            }
            Optional<BrokerPosition> position = view.position(lot.symbol());
            Optional<CloseOutcome> gone = positionGone(lot, position, request);
            if (gone.isPresent()) {
                item.done(gone.get());
                return;
            }
            BigDecimal held = left.computeIfAbsent(lot.symbol(), s -> position.orElseThrow().size());
            if (held.signum() <= 0) {
                String why = "the batch's other closes of " + lot.symbol() + " sell all the broker holds";
                event(lot, new AuditEvent.CloseSkipped(why, request.attempt()), request);
                item.done(new CloseOutcome.PositionGone(why));
                return;
            }
            // Never sell more than the broker holds, nor what a leg's fill already closed: more would open the other side.
            BigDecimal quantity = ofLot.min(held);
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
                    item.done(new CloseOutcome.PositionGone(why));
                    return;
                }
                BrokerOrder placedOrder = placed.get();
                BigDecimal sentQuantity = placedOrder.quantity() != null ? placedOrder.quantity() : quantity;
                left.put(lot.symbol(), held.subtract(sentQuantity));
                sent.put(clientOrderId, placedOrder.id());
                store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, placedOrder.id(), request.asOf());
                event(lot, new AuditEvent.CloseSubmitted(placedOrder.id(), clientOrderId, lot.symbol(), order.side(), sentQuantity,
                        request.reason()), request);
                item.done(new CloseOutcome.Submitted(placedOrder.id(), clientOrderId, sentQuantity.toPlainString()));
            } catch (BrokerException e) {
                if (lot.isScalingOut() && !(e instanceof StillWorking) && endsScaleOut(e.failure())) {
                    item.done(scaleOutRefused(lot, request, e));
                    return;
                }
                item.done(refusedOrRethrow(lot, request, clientOrderId, e));
            }
        }

        private Set<String> symbols(List<Item> of) {
            return of.stream().map(i -> i.lot.symbol()).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        }

        /** Before the earliest entry of the batch, by {@link #ENTRY_ORDER_MARGIN}: the orders read covers their brackets. */
        private Instant since(List<Item> of) {
            return of.stream().map(i -> i.lot.entryTime()).min(Comparator.naturalOrder()).orElseThrow().minus(ENTRY_ORDER_MARGIN);
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
            cancel(id, lot);
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

    /** Asks for the cancel; a refusal other than a transient one or our credentials is left to the re-read. */
    private void cancel(String id, Lot lot) {
        try {
            broker.cancel(id);
        } catch (BrokerException e) {
            if (e.isTransient() || e.failure() == BrokerFailure.AUTHENTICATION) {
                throw e;
            }
            // Refused for another reason: re-reading the order tells whether it still works.
            LOG.warn("cancel of order {} of lot {} refused: {}", id, lot.id(), e.getMessage());
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
