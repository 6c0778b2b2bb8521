package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.Execution;
import com.tradinginfra.pm.domain.ExecutionCheck;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OrderBooking;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.Reconciliation;
import com.tradinginfra.pm.domain.TradingDayBook;
import com.tradinginfra.pm.domain.exit.ScaleOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One tick of sync: track new executions, reconcile every active lot with the broker's fills and
 * positions, re-arm lots whose protective legs are gone ({@code MISSING_BRACKETS_ACTION=rearm},
 * {@link RearmService}), re-examine closes that did not finish, then fan the tick out as sweep requests. All
 * database writes of one sync commit together under the account's advisory lock; messages are
 * sent only after the commit. The first tick {@link #SUMMARY_AFTER_CLOSE} after the session's close
 * (the broker's calendar: early closes) records the day's {@link DaySummary}, once.
 */
public final class SyncService {
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    /** How far back the first sync of an account looks for fills. */
    static final Duration FIRST_FILL_LOOKBACK = Duration.ofDays(3);
    /** Re-read this much before the newest accounted fill: the broker may publish fills late. */
    static final Duration FILL_OVERLAP = Duration.ofMinutes(10);
    private static final int EXECUTION_BATCH = 500;
    /**
     * The day's summary waits this long after the close: the last minute's closes are confirmed by the
     * ticks just after it (a close is booked when sync sees its fill).
     */
    public static final Duration SUMMARY_AFTER_CLOSE = Duration.ofMinutes(5);

    private final ManagerSettings settings;
    private final PositionStore store;
    private final Broker broker;
    private final Outbound outbound;
    private final ExecutionCheck executionCheck;
    private final Reconciliation reconciliation;
    private final RearmService rearming;

    public SyncService(ManagerSettings settings, PositionStore store, Broker broker, Outbound outbound) {
        this.settings = settings;
        this.store = store;
        this.broker = broker;
        this.outbound = outbound;
        this.executionCheck = new ExecutionCheck(settings.exits());
        this.reconciliation = new Reconciliation(settings.exits());
        this.rearming = new RearmService(settings, store, broker);
    }

    /** The account this service works for (the {@code account} key of its log lines). */
    public String account() {
        return settings.account();
    }

    private record Work(int tracked, int rejected, int adopted, List<Long> closed, int partial,
                        List<CloseRequest> toSend, List<String> openSymbols, List<String> anomalies, DaySummary daySummary) {
    }

    /** Runs the tick {@code asOf}. */
    public SyncReport sync(Instant asOf) {
        String account = settings.account();
        Optional<Work> done;
        try {
            done = store.underSyncLock(account, () -> reconcile(asOf));
        } catch (BrokerException e) {
            if (e.isTransient()) {
                sweepDespite(asOf, e);
            }
            throw e;
        }
        if (done.isEmpty()) {
            return new SyncReport(0, 0, 0, List.of(), 0, 0, 0, List.of(), "another sync of " + account + " holds the lock", null);
        }
        Work work = done.get();
        if (!work.toSend().isEmpty()) {
            outbound.sendCloses(work.toSend());
            store.markDispatched(account, work.toSend().stream().map(CloseRequest::lotId).toList(), asOf);
        }
        List<Outbound.DelayedSweep> sweeps = sweepsFor(asOf, work.openSymbols());
        if (!sweeps.isEmpty()) {
            outbound.sendSweeps(sweeps);
        }
        return new SyncReport(work.tracked(), work.rejected(), work.adopted(), work.closed(), work.partial(),
                work.toSend().size(), sweeps.size(), work.anomalies(), null, work.daySummary());
    }

    /**
     * The broker could not be reconciled this tick (throttled — closes have the budget's priority —,
     * busy or down): the tracked lots' exits are still checked. Nothing of the failed reconciliation
     * was written; a sweep needs only the lots and their prices, and every close re-reads the broker.
     */
    private void sweepDespite(Instant asOf, BrokerException failure) {
        List<String> openSymbols = store.activeLots(settings.account()).stream().filter(l -> l.status() == LotStatus.OPEN)
                .map(Lot::symbol).toList();
        List<Outbound.DelayedSweep> sweeps = sweepsFor(asOf, openSymbols);
        if (!sweeps.isEmpty()) {
            outbound.sendSweeps(sweeps);
        }
        LOG.warn("sync of {} at {} failed at the broker ({}: {}); {} sweep request(s) sent anyway for the tracked lots",
                settings.account(), asOf, failure.failure(), failure.getMessage(), sweeps.size());
    }

    /**
     * Tracks one execution now (the ExecutionQueue path), exactly as sync would at the next tick.
     *
     * @return the lot id, or empty when it was already tracked or rejected
     */
    public Optional<Long> trackExecution(UUID executionId, Instant asOf) {
        Execution e = store.execution(settings.account(), executionId)
                .orElseThrow(() -> new IllegalArgumentException("execution " + executionId + " does not exist in account "
                        + settings.account()));
        if (!e.isFilledAtBroker()) {
            return Optional.empty(); // not filled yet, or simulated: sync tracks it once it is filled
        }
        return track(List.of(e), asOf).lotIds().stream().findFirst();
    }

    private Work reconcile(Instant asOf) {
        String account = settings.account();
        Tracked tracked = track(store.untrackedExecutions(account, EXECUTION_BATCH), asOf);
        store.refreshEntryQuantities(account, asOf);

        // Positions before fills: every change the positions show is then among the fills read.
        List<BrokerPosition> positions = broker.positions();
        Instant after = store.latestFillTime(account).map(t -> t.minus(FILL_OVERLAP)).orElse(asOf.minus(FIRST_FILL_LOOKBACK));
        List<BrokerFill> fetched = broker.fills(after, null);
        Set<String> known = store.knownFills(account, fetched.stream().map(BrokerFill::id).toList());
        List<BrokerFill> newFills = fetched.stream().filter(f -> !known.contains(f.id())).toList();

        List<Lot> lots = withKnownCloseOrders(store.activeLots(account), asOf);
        List<BrokerOrder> closedOrders = closedOrdersFor(lots, positions, newFills);
        // What an earlier sync booked from these fills' orders before the fills were published: their echo, not a second sale.
        List<OrderBooking> bookings = store.unmatchedBookings(account, newFills.stream().map(BrokerFill::orderId).distinct().toList());
        Reconciliation.Plan plan = reconciliation.plan(new Reconciliation.Input(account, lots, newFills, positions, closedOrders, asOf,
                bookings));

        store.recordFills(account, plan.allocations());
        List<PositionEvent> events = new ArrayList<>();
        Map<Long, Lot> byId = new HashMap<>();
        lots.forEach(l -> byId.put(l.id(), l));
        Map<Long, List<Reconciliation.LotExit>> exitsByLot = new LinkedHashMap<>();
        plan.exits().forEach(x -> exitsByLot.computeIfAbsent(x.lotId(), k -> new ArrayList<>()).add(x));
        List<LotSettlement> settlements = new ArrayList<>();
        exitsByLot.forEach((id, exits) -> settlements.add(LotSettlement.of(byId.get(id), exits)));
        List<Long> closed = store.settle(account, settlements, plan.orderBookings());
        int partial = 0;
        for (LotSettlement s : settlements) {
            Lot lot = byId.get(s.lotId());
            boolean isClosed = closed.contains(s.lotId());
            partial += isClosed ? 0 : 1;
            BigDecimal exitPrice = s.exitValue().divide(s.quantity(), 4, java.math.RoundingMode.HALF_EVEN);
            String source = exitsByLot.get(s.lotId()).get(0).source();
            AuditEvent event;
            if (isClosed) {
                event = new AuditEvent.Closed(lot.symbol(), s.quantity(), exitPrice, s.realizedPnl(), s.reason(), source);
            } else if (lot.isScalingOut()) {
                event = new AuditEvent.PartialExit(lot.symbol(), s.quantity(), exitPrice, s.realizedPnl(), lot.closeOrderId(),
                        lot.quantity().subtract(s.quantity()), source);
            } else {
                event = new AuditEvent.PartiallyClosed(lot.symbol(), s.quantity(), exitPrice, s.realizedPnl(), s.reason(), source);
            }
            events.add(PositionEvent.ofLot(lot, event, asOf));
        }
        endScaleOuts(lots, settlements, closed, asOf, events);

        cancelOrphanedLegs(closed, byId, asOf, events);

        List<NewLot> adoptions = plan.adoptions();
        List<Long> adoptedIds = adoptions.isEmpty() ? List.of() : store.track(adoptions, asOf);
        for (int i = 0; i < adoptions.size(); i++) {
            NewLot a = adoptions.get(i);
            events.add(new PositionEvent(account, adoptedIds.get(i), null,
                    new AuditEvent.Adopted(a.symbol(), a.side(), a.quantity(), a.entryPrice()), asOf));
        }
        List<String> anomalies = new ArrayList<>();
        for (Reconciliation.Anomaly a : plan.anomalies()) {
            anomalies.add(a.symbol() + ": " + a.message());
            events.add(new PositionEvent(account, null, null, new AuditEvent.Anomaly(a.symbol(), a.message()), asOf));
        }
        // After settling (a lot its legs closed is not re-armed), before the closes: a refused re-arm is closed in this sync.
        events.addAll(rearming.rearm(asOf, positions));
        List<CloseRequest> toSend = closesToSend(asOf, events);
        store.append(events);

        List<String> openSymbols = store.activeLots(account).stream().filter(l -> l.status() == LotStatus.OPEN).map(Lot::symbol)
                .toList();
        return new Work(tracked.lotIds().size(), tracked.rejected(), adoptedIds.size(), closed, partial, toSend, openSymbols,
                anomalies, recordDaySummary(asOf).orElse(null));
    }

    /**
     * After the session of the tick's day closed (plus {@link #SUMMARY_AFTER_CLOSE}), the day's summary,
     * recorded once: empty before then, on a day without a session, and once it was recorded.
     */
    private Optional<DaySummary> recordDaySummary(Instant asOf) {
        LocalDate day = MarketSession.tradingDate(asOf);
        Optional<MarketSession> session = broker.session(day);
        if (session.isEmpty() || asOf.isBefore(session.get().close().plus(SUMMARY_AFTER_CLOSE))) {
            return Optional.empty();
        }
        String account = settings.account();
        if (store.summaryRecorded(account, day)) {
            return Optional.empty(); // every later tick of the day: one cheap read
        }
        TradingDayBook.Window window = TradingDayBook.Window.of(day);
        DaySummary summary = DaySummary.of(day, store.openedBetween(account, window.from(), window.to()),
                store.closedBetween(account, window.from(), window.to()));
        // conditional on (account, day): a concurrent sync that got there first wins, this one records nothing
        return store.recordSummary(account, summary, asOf) ? Optional.of(summary) : Optional.empty();
    }

    /**
     * Scale-outs whose order has ended (filled, partly filled, cancelled, expired) and whose fills are
     * all booked go back to OPEN, under every exit rule again: the lot keeps its identity with the
     * smaller quantity, and after a fill its stop moves to the entry (breakeven, never loosening a
     * tighter stop) when {@code BREAKEVEN_AFTER_PARTIAL} is on. One broker read per scaling lot.
     */
    private void endScaleOuts(List<Lot> lots, List<LotSettlement> settlements, List<Long> closed, Instant asOf,
                              List<PositionEvent> events) {
        Map<Long, BigDecimal> settledNow = new HashMap<>();
        settlements.forEach(s -> settledNow.merge(s.lotId(), s.quantity(), BigDecimal::add));
        for (Lot lot : lots) {
            if (!lot.isScalingOut() || lot.closeOrderId() == null || closed.contains(lot.id())) {
                continue;
            }
            Optional<BrokerOrder> order = broker.order(lot.closeOrderId());
            if (order.isEmpty() || !order.get().isTerminal()) {
                continue; // still working: its fills come in later syncs
            }
            BigDecimal left = lot.quantity().subtract(settledNow.getOrDefault(lot.id(), BigDecimal.ZERO));
            BigDecimal sold = (lot.partialFromQuantity() == null ? lot.quantity() : lot.partialFromQuantity()).subtract(left);
            if (sold.compareTo(order.get().filledQuantity()) < 0) {
                continue; // a fill of it is not booked yet: end it once the lot holds what the broker says
            }
            boolean breakeven = sold.signum() > 0 && settings.exits().scaleOut().breakevenAfterPartial();
            BigDecimal stop = breakeven ? ScaleOut.breakevenStop(lot) : null;
            if (store.endScaleOut(lot.account(), lot.id(), lot.closeAttempts(), stop, asOf)) {
                events.add(PositionEvent.ofLot(lot, new AuditEvent.ScaleOutEnded(lot.symbol(), sold, lot.stopLoss(),
                        stop == null ? lot.stopLoss() : stop, "order " + String.valueOf(order.get().status()).toLowerCase(java.util.Locale.ROOT)),
                        asOf));
            }
        }
    }

    /**
     * A lot the broker closed without its legs (by hand, by liquidation) may leave them open: a leg
     * that fired later would open the other side. Cancel whatever of them is still working.
     */
    private void cancelOrphanedLegs(List<Long> closed, Map<Long, Lot> byId, Instant asOf, List<PositionEvent> events) {
        for (Long id : closed) {
            Lot lot = byId.get(id);
            if (lot == null || !lot.expectsWorkingLegs()) {
                continue; // no legs, or a scale-out cancelled them already
            }
            List<String> canceled = new ArrayList<>();
            for (String leg : lot.legs().ids()) {
                if (broker.cancel(leg)) {
                    canceled.add(leg);
                }
            }
            if (!canceled.isEmpty()) {
                events.add(PositionEvent.ofLot(lot, new AuditEvent.OrphanedLegsCanceled(canceled), asOf));
            }
        }
    }

    /** What tracking a batch of executions did: the lots it created (or claimed) and the rejections it recorded. */
    private record Tracked(List<Long> lotIds, int rejected) {
    }

    /** Checks and tracks executions. */
    private Tracked track(List<Execution> executions, Instant asOf) {
        String account = settings.account();
        List<NewLot> accepted = new ArrayList<>();
        int rejected = 0;
        for (Execution e : executions) {
            ExecutionCheck.Verdict verdict = executionCheck.check(e, account, asOf);
            if (verdict instanceof ExecutionCheck.Accepted a) {
                accepted.add(a.lot());
            } else if (verdict instanceof ExecutionCheck.Rejected r
                    && e.executionId() != null && store.recordRejection(account, e.executionId(), r.field(), r.message(), asOf)) {
                rejected++;
            }
        }
        if (accepted.isEmpty()) {
            return new Tracked(List.of(), rejected);
        }
        List<Long> ids = store.track(accepted, asOf);
        List<PositionEvent> events = new ArrayList<>();
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            if (ids.get(i) == null) {
                continue;
            }
            created.add(ids.get(i));
            NewLot lot = accepted.get(i);
            events.add(new PositionEvent(account, ids.get(i), lot.executionId(), new AuditEvent.Tracked(lot.symbol(), lot.side(),
                    lot.quantity(), lot.entryPrice(), lot.stopLoss(), lot.takeProfit()), asOf));
        }
        store.append(events);
        return new Tracked(created, rejected);
    }

    /** A close order may have been accepted though its id never reached the database: find it by client order id. */
    private List<Lot> withKnownCloseOrders(List<Lot> lots, Instant asOf) {
        List<Lot> out = new ArrayList<>(lots.size());
        for (Lot lot : lots) {
            if (lot.status() == LotStatus.CLOSING && lot.closeOrderId() == null && lot.closeAttempts() > 0) {
                Optional<BrokerOrder> order = broker.orderByClientId(lot.closeClientOrderId(lot.closeAttempts()));
                if (order.isPresent()) {
                    store.recordCloseOrder(lot.account(), lot.id(), lot.closeAttempts(), lot.closeClientOrderId(lot.closeAttempts()),
                            order.get().id(), asOf);
                    lot = lot.withCloseOrderId(order.get().id());
                }
            }
            out.add(lot);
        }
        return out;
    }

    /**
     * Closed orders, in one request, for symbols where the broker holds less than the lots after the new
     * fills, and for symbols with a closing fill of an order no lot records (someone else's, or one of ours
     * whose answer was lost: its client order id then names its lot).
     */
    private List<BrokerOrder> closedOrdersFor(List<Lot> lots, List<BrokerPosition> positions, List<BrokerFill> newFills) {
        Map<String, BigDecimal> held = new HashMap<>();
        positions.forEach(p -> held.put(p.symbol(), p.quantity()));
        Map<String, BigDecimal> tracked = new HashMap<>();
        Instant earliest = null;
        for (Lot l : lots) {
            tracked.merge(l.symbol(), l.quantity().multiply(l.side().sign()), BigDecimal::add);
        }
        for (BrokerFill f : newFills) {
            BigDecimal signed = f.side() == OrderSide.BUY ? f.quantity() : f.quantity().negate();
            tracked.merge(f.symbol(), signed, BigDecimal::add);
        }
        Set<String> recorded = new HashSet<>();
        for (Lot l : lots) {
            recorded.addAll(l.legs().ids());
            Optional.ofNullable(l.closeOrderId()).ifPresent(recorded::add);
            Optional.ofNullable(l.entryOrderId()).ifPresent(recorded::add);
        }
        record Closing(String symbol, OrderSide side) {
        }
        Set<Closing> unrecorded = new HashSet<>(); // fills of orders no lot records
        newFills.stream().filter(f -> !recorded.contains(f.orderId())).forEach(f -> unrecorded.add(new Closing(f.symbol(), f.side())));
        TreeSet<String> shrunk = new TreeSet<>();
        for (Lot l : lots) {
            BigDecimal h = held.getOrDefault(l.symbol(), BigDecimal.ZERO);
            boolean shrank = h.abs().compareTo(tracked.getOrDefault(l.symbol(), BigDecimal.ZERO).abs()) < 0;
            if (shrank || unrecorded.contains(new Closing(l.symbol(), l.side().closingOrderSide()))) {
                shrunk.add(l.symbol());
                earliest = earliest == null || l.entryTime().isBefore(earliest) ? l.entryTime() : earliest;
            }
        }
        return shrunk.isEmpty() ? List.of() : broker.closedOrders(shrunk, earliest.minus(Duration.ofMinutes(1)));
    }

    /** CLOSING lots whose request was never sent, whose order ended unfilled, or that are stuck. */
    private List<CloseRequest> closesToSend(Instant asOf, List<PositionEvent> events) {
        String account = settings.account();
        if (store.tradingPause(account).paused()) {
            return List.of(); // paused by an operator: closes wait, unsent, for the first sync after the resume
        }
        List<Lot> examine = store.closingToExamine(account, asOf.minus(settings.stuckClosingAfter()));
        if (examine.isEmpty()) {
            return List.of();
        }
        boolean marketOpen = broker.session(MarketSession.tradingDate(asOf)).map(s -> s.isOpenAt(asOf)).orElse(false);
        List<CloseRequest> out = new ArrayList<>();
        for (Lot lot : examine) {
            int attempt = lot.closeAttempts();
            if (lot.isScalingOut() && lot.closeOrderId() != null) {
                continue; // a scale-out with an order is never restarted: it ends (endScaleOuts) and the lot reopens
            }
            if (lot.closeOrderId() != null) {
                Optional<BrokerOrder> order = broker.orderByClientId(lot.closeClientOrderId(attempt));
                if (order.isEmpty() || !order.get().isTerminal() || order.get().isFilled()) {
                    continue; // still working, or filled and about to be confirmed by its fill
                }
                if (!store.restartClose(account, lot.id(), attempt, asOf)) {
                    continue;
                }
                events.add(PositionEvent.ofLot(lot, new AuditEvent.CloseRestarted(attempt + 1, String.valueOf(order.get().status())), asOf));
                attempt++;
            }
            // Outside the session the request would be refused or queued: it waits for the open.
            if (marketOpen) {
                events.add(PositionEvent.ofLot(lot, new AuditEvent.CloseResent(attempt), asOf));
                out.add(new CloseRequest(account, lot.id(), attempt, lot.closeReason() == null ? null : lot.closeReason().code(), asOf));
            }
        }
        return out;
    }

    /**
     * The tick's sweeps: {@code sweepsPerMinute} slots spread over the minute, each over every range.
     * A book of at most {@code lotsPerSweep} open lots is one range. A larger one is cut into symbol
     * ranges of about {@code lotsPerSweep} lots, each symbol's lots all in one range (a range grows
     * past the size rather than split a symbol): every symbol's price is then asked once per sweep
     * whatever the number of ranges, where lot-id ranges would each ask for nearly every symbol.
     */
    private List<Outbound.DelayedSweep> sweepsFor(Instant asOf, List<String> openSymbols) {
        if (openSymbols.isEmpty()) {
            return List.of();
        }
        List<SymbolRange> ranges = symbolRanges(openSymbols, settings.lotsPerSweep());
        int n = settings.sweepsPerMinute();
        List<Outbound.DelayedSweep> out = new ArrayList<>();
        for (int slot = 0; slot < n; slot++) {
            int delay = slot * 60 / n;
            for (SymbolRange r : ranges) {
                SweepRequest request = r.from() == null && r.to() == null
                        ? SweepRequest.all(settings.account(), asOf.plusSeconds(delay), slot)
                        : SweepRequest.symbols(settings.account(), asOf.plusSeconds(delay), slot, r.from(), r.to());
                out.add(new Outbound.DelayedSweep(request, delay));
            }
        }
        return out;
    }

    /** Symbols {@code from <= s < to}; a null bound is open. */
    record SymbolRange(String from, String to) {
    }

    /**
     * Symbol ranges over the open lots' symbols: one open range for a book that fits, else ranges of
     * at least {@code lotsPerRange} lots (the last may hold fewer) cut between symbols. The first is
     * open below and the last above, so a lot of a symbol new since the tick still falls in one.
     */
    static List<SymbolRange> symbolRanges(List<String> openSymbols, int lotsPerRange) {
        if (openSymbols.size() <= lotsPerRange) {
            return List.of(new SymbolRange(null, null));
        }
        java.util.TreeMap<String, Integer> lotsOf = new java.util.TreeMap<>();
        openSymbols.forEach(sym -> lotsOf.merge(sym, 1, Integer::sum));
        List<String> starts = new ArrayList<>();
        int inRange = 0;
        for (var e : lotsOf.entrySet()) {
            if (starts.isEmpty() || inRange >= lotsPerRange) {
                starts.add(e.getKey());
                inRange = 0;
            }
            inRange += e.getValue();
        }
        List<SymbolRange> ranges = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            ranges.add(new SymbolRange(i == 0 ? null : starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : null));
        }
        return ranges;
    }
}
