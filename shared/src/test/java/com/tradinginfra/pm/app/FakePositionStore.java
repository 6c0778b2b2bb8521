package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.domain.Execution;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotHolding;
import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OrderBooking;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.Reconciliation;
import com.tradinginfra.pm.domain.SweepOutcome;
import com.tradinginfra.pm.domain.TradingPause;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link PositionStore} in memory, keeping the semantics of the PostgreSQL store that the services
 * rely on: every state change is conditional ({@code WHERE status = 'closing' AND close_attempts = ?}),
 * one execution makes at most one lot, rejections are recorded once, the sweep mark only moves
 * forward, and the work under the sync lock is one transaction (rolled back when it throws).
 */
final class FakePositionStore implements PositionStore {

    /** One {@code active_positions} row: the lot plus the columns a {@link Lot} does not carry. */
    static final class Row {
        long id;
        String account;
        UUID executionId;
        Instrument instrument;
        PositionSide side;
        BigDecimal quantity;
        BigDecimal originalQuantity;
        BigDecimal entryPrice;
        Instant entryTime;
        BigDecimal stopLoss;
        BigDecimal takeProfit;
        String strategyType;
        Integer maxHoldMinutes;
        ProtectiveLegs legs;
        String entryOrderId;
        LotStatus status = LotStatus.OPEN;
        BigDecimal peakPrice;
        BigDecimal currentPrice;
        BigDecimal currentPnl;
        Instant lastCheckedAt;
        CloseReason closeReason;
        int closeAttempts;
        String closeOrderId;
        String closeClientOrderId;
        Instant closeRequestedAt;
        Instant closeDispatchedAt;
        String closeError;
        BigDecimal closedQuantity = BigDecimal.ZERO;
        BigDecimal exitValue = BigDecimal.ZERO;
        BigDecimal realizedPnl;
        BigDecimal exitPrice;
        Instant closedAt;
        int protectionArms;
        boolean partialTaken;
        BigDecimal partialQuantity;
        BigDecimal partialFromQuantity;
        boolean legsReleased;

        Row copy() {
            Row r = new Row();
            r.id = id;
            r.account = account;
            r.executionId = executionId;
            r.instrument = instrument;
            r.side = side;
            r.quantity = quantity;
            r.originalQuantity = originalQuantity;
            r.entryPrice = entryPrice;
            r.entryTime = entryTime;
            r.stopLoss = stopLoss;
            r.takeProfit = takeProfit;
            r.strategyType = strategyType;
            r.maxHoldMinutes = maxHoldMinutes;
            r.legs = legs;
            r.entryOrderId = entryOrderId;
            r.status = status;
            r.peakPrice = peakPrice;
            r.currentPrice = currentPrice;
            r.currentPnl = currentPnl;
            r.lastCheckedAt = lastCheckedAt;
            r.closeReason = closeReason;
            r.closeAttempts = closeAttempts;
            r.closeOrderId = closeOrderId;
            r.closeClientOrderId = closeClientOrderId;
            r.closeRequestedAt = closeRequestedAt;
            r.closeDispatchedAt = closeDispatchedAt;
            r.closeError = closeError;
            r.closedQuantity = closedQuantity;
            r.exitValue = exitValue;
            r.realizedPnl = realizedPnl;
            r.exitPrice = exitPrice;
            r.closedAt = closedAt;
            r.protectionArms = protectionArms;
            r.partialTaken = partialTaken;
            r.partialQuantity = partialQuantity;
            r.partialFromQuantity = partialFromQuantity;
            r.legsReleased = legsReleased;
            return r;
        }

        Lot lot() {
            return new Lot(id, account, executionId, instrument, side, quantity, entryPrice, entryTime, stopLoss, takeProfit,
                    strategyType, maxHoldMinutes, legs, entryOrderId, status, peakPrice, currentPrice, closeReason,
                    closeAttempts, closeOrderId, protectionArms, partialTaken, partialQuantity, partialFromQuantity, legsReleased);
        }

        boolean closingAt(int attempt) {
            return status == LotStatus.CLOSING && closeAttempts == attempt;
        }
    }

    /** One accounted fill. */
    record FillRow(String account, Reconciliation.FillAllocation allocation) {
    }

    /** A row of order_bookings: the booking as written, and the order's fills the lot had by then. */
    record BookingRow(String account, OrderBooking booking, BigDecimal fillsBefore) {
    }

    /** By account/order/lot, in the order written. */
    private final Map<String, BookingRow> orderBookings = new LinkedHashMap<>();

    private final Map<UUID, Execution> executions = new LinkedHashMap<>();
    private TreeMap<Long, Row> rows = new TreeMap<>();
    private List<PositionEvent> events = new ArrayList<>();
    private Map<String, FillRow> fills = new LinkedHashMap<>();
    private Map<String, Instant> sweepMarks = new HashMap<>();
    private List<Long> history = new ArrayList<>();
    private long nextId = 1;
    private boolean lockHeldElsewhere;
    private boolean inTransaction;
    private Map<String, TradingPause> pauses = new HashMap<>();

    // --- test set-up and inspection ---

    /** A row of the dispatcher's table. */
    void addExecution(Execution e) {
        executions.put(e.executionId(), e);
    }

    /** Another sync holds the account's lock. */
    void holdSyncLockElsewhere() {
        lockHeldElsewhere = true;
    }

    /** A lot as it stands, whatever its status. */
    Row row(long id) {
        return Objects.requireNonNull(rows.get(id), "no lot " + id);
    }

    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    List<PositionEvent> events() {
        return List.copyOf(events);
    }

    /** The details of every event of one type, oldest first. */
    <T extends AuditEvent> List<T> events(Class<T> type) {
        return events.stream().map(PositionEvent::event).filter(type::isInstance).map(type::cast).toList();
    }

    List<EventType> eventTypes() {
        return events.stream().map(PositionEvent::type).toList();
    }

    List<Reconciliation.FillAllocation> fills() {
        return fills.values().stream().map(FillRow::allocation).toList();
    }

    /** Lots written to {@code position_history}. */
    List<Long> history() {
        return List.copyOf(history);
    }

    /** A lot as sync would create it, for tests that start from an existing lot. */
    long insert(NewLot lot, Instant asOf) {
        return track(List.of(lot), asOf).get(0);
    }

    /** Moves a lot to CLOSING for {@code reason}, as a sweep does, with its request handed to the queue or not. */
    Lot startClosing(long id, CloseReason reason, Instant at, boolean dispatched) {
        Row r = row(id);
        r.status = LotStatus.CLOSING;
        r.closeReason = reason;
        r.closeAttempts++;
        r.closeRequestedAt = at;
        r.closeDispatchedAt = dispatched ? at : null;
        r.closeOrderId = null;
        return r.lot();
    }

    // --- the port ---

    @Override
    public <T> Optional<T> underSyncLock(String account, Supplier<T> work) {
        if (lockHeldElsewhere) {
            return Optional.empty();
        }
        return Optional.ofNullable(transactionally(work));
    }

    /** Runs work as one transaction: everything it changed is undone when it throws. */
    private <T> T transactionally(Supplier<T> work) {
        Map<String, TradingPause> pausesBefore = new HashMap<>(pauses);
        TreeMap<Long, Row> rowsBefore = new TreeMap<>();
        rows.forEach((id, r) -> rowsBefore.put(id, r.copy()));
        List<PositionEvent> eventsBefore = new ArrayList<>(events);
        Map<String, FillRow> fillsBefore = new LinkedHashMap<>(fills);
        Map<String, BookingRow> bookingsBefore = new LinkedHashMap<>(orderBookings);
        List<Long> historyBefore = new ArrayList<>(history);
        long nextIdBefore = nextId;
        inTransaction = true;
        try {
            return work.get();
        } catch (RuntimeException e) {
            pauses = pausesBefore;
            rows = rowsBefore;
            events = eventsBefore;
            fills = fillsBefore;
            orderBookings.clear();
            orderBookings.putAll(bookingsBefore);
            history = historyBefore;
            nextId = nextIdBefore;
            throw e;
        } finally {
            inTransaction = false;
        }
    }

    /** True while sync's work runs under the lock (the services must send nothing then). */
    boolean inTransaction() {
        return inTransaction;
    }

    @Override
    public List<Execution> untrackedExecutions(String account, int limit) {
        Set<UUID> tracked = new HashSet<>();
        rows.values().forEach(r -> tracked.add(r.executionId));
        Set<UUID> rejected = new HashSet<>();
        events.stream().filter(e -> e.type() == EventType.EXECUTION_REJECTED && e.account().equals(account))
                .forEach(e -> rejected.add(e.executionId()));
        return executions.values().stream()
                .filter(e -> account.equals(e.accountName()) && e.isFilledAtBroker())
                .filter(e -> !tracked.contains(e.executionId()) && !rejected.contains(e.executionId()))
                .sorted(Comparator.comparing(Execution::executedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Execution::executionId))
                .limit(limit).toList();
    }

    @Override
    public Optional<Execution> execution(String account, UUID executionId) {
        return Optional.ofNullable(executions.get(executionId)).filter(e -> account.equals(e.accountName()));
    }

    @Override
    public com.tradinginfra.pm.domain.PositionHealth health(String account) {
        // the health view is SQL (migrations); no service reads it, and SyncHealthMetricsTest covers it on PostgreSQL
        throw new UnsupportedOperationException("the health view is not modelled by the fake store");
    }

    @Override
    public List<Long> track(List<NewLot> lots, Instant asOf) {
        List<Long> ids = new ArrayList<>(lots.size());
        for (NewLot lot : lots) {
            Long id = lot.executionId() == null ? null : claimAdopted(lot);
            if (id == null && (lot.executionId() == null
                    || rows.values().stream().noneMatch(r -> lot.executionId().equals(r.executionId)))) {
                id = insertRow(lot);
            }
            if (id != null && lot.entryOrderId() != null) {
                long lotId = id;
                fills.replaceAll((fillId, f) -> f.account().equals(lot.account()) && f.allocation().lotId() == null
                        && lot.entryOrderId().equals(f.allocation().fill().orderId())
                        ? new FillRow(f.account(), new Reconciliation.FillAllocation(f.allocation().fill(), lotId,
                        Reconciliation.Role.ENTRY)) : f);
            }
            ids.add(id);
        }
        return ids;
    }

    private long insertRow(NewLot lot) {
        Row r = new Row();
        r.id = nextId++;
        r.account = lot.account();
        r.executionId = lot.executionId();
        r.instrument = lot.instrument();
        r.side = lot.side();
        r.quantity = lot.quantity();
        r.originalQuantity = lot.quantity();
        r.entryPrice = lot.entryPrice();
        r.entryTime = lot.entryTime();
        r.stopLoss = lot.stopLoss();
        r.takeProfit = lot.takeProfit();
        r.strategyType = lot.strategyType();
        r.maxHoldMinutes = lot.maxHoldMinutes();
        r.legs = lot.legs();
        r.entryOrderId = lot.entryOrderId();
        r.peakPrice = lot.entryPrice();
        rows.put(r.id, r);
        return r.id;
    }

    /** The execution that explains a lot adopted moments ago takes it over (same symbol, side and quantity). */
    private Long claimAdopted(NewLot lot) {
        Optional<Row> adopted = rows.values().stream()
                .filter(r -> r.account.equals(lot.account()) && r.executionId == null && r.status == LotStatus.OPEN
                        && NewLot.ADOPTED.equals(r.strategyType) && r.instrument.orderSymbol().equals(lot.symbol())
                        && r.side == lot.side() && r.quantity.compareTo(lot.quantity()) == 0)
                .findFirst();
        adopted.ifPresent(r -> {
            r.executionId = lot.executionId();
            r.stopLoss = lot.stopLoss();
            r.takeProfit = lot.takeProfit();
            r.strategyType = lot.strategyType();
            r.maxHoldMinutes = lot.maxHoldMinutes();
            r.entryOrderId = lot.entryOrderId();
            r.legs = lot.legs();
            r.entryPrice = lot.entryPrice();
            r.entryTime = lot.entryTime();
        });
        return adopted.map(r -> r.id).orElse(null);
    }

    @Override
    public int refreshEntryQuantities(String account, Instant asOf) {
        int changed = 0;
        for (Row r : rows.values()) {
            Execution e = r.executionId == null ? null : executions.get(r.executionId);
            if (r.account.equals(account) && r.status == LotStatus.OPEN && e != null && account.equals(e.accountName())
                    && e.filledQty() != null && e.filledQty().compareTo(r.originalQuantity) > 0) {
                r.quantity = r.quantity.add(e.filledQty().subtract(r.originalQuantity));
                r.originalQuantity = e.filledQty();
                changed++;
            }
        }
        return changed;
    }

    @Override
    public boolean claimSweep(String account, long fromLotId, Instant asOf) {
        String key = account + "/" + fromLotId;
        Instant last = sweepMarks.get(key);
        if (last != null && last.isAfter(asOf)) {
            return false;
        }
        sweepMarks.put(key, asOf);
        return true;
    }

    @Override
    public List<Lot> openLots(String account, long fromId, long toId, String fromSymbol, String toSymbol) {
        return lots(r -> r.account.equals(account) && r.status == LotStatus.OPEN && r.id >= fromId && r.id <= toId
                && (fromSymbol == null || r.lot().symbol().compareTo(fromSymbol) >= 0)
                && (toSymbol == null || r.lot().symbol().compareTo(toSymbol) < 0));
    }

    @Override
    public List<Lot> activeLots(String account) {
        return lots(r -> r.account.equals(account) && r.status.isActive());
    }

    @Override
    public Optional<Lot> lot(String account, long lotId) {
        return Optional.ofNullable(rows.get(lotId)).filter(r -> r.account.equals(account)).map(Row::lot);
    }

    private List<Lot> lots(Predicate<Row> which) {
        return rows.values().stream().filter(which).map(Row::lot).toList();
    }

    @Override
    public List<Lot> recordSweep(String account, List<SweepOutcome> outcomes, Instant asOf) {
        List<Lot> moved = new ArrayList<>();
        for (SweepOutcome o : outcomes) {
            Row r = rows.get(o.lotId());
            if (r == null || !r.account.equals(account) || r.status != LotStatus.OPEN) {
                continue; // one writer: only a lot still open is written
            }
            r.currentPrice = o.price() != null ? o.price() : r.currentPrice;
            r.currentPnl = o.pnl() != null ? o.pnl().dollars() : r.currentPnl;
            r.peakPrice = o.peak() != null ? o.peak() : r.peakPrice;
            r.lastCheckedAt = asOf;
            BigDecimal part = o.exitQuantity();
            boolean moves = o.exitReason() != null && (part == null || (!r.partialTaken && r.quantity.compareTo(part) > 0));
            if (moves) {
                if (part != null) {
                    r.partialTaken = true;
                    r.partialFromQuantity = r.quantity;
                }
                r.partialQuantity = part;
                r.status = LotStatus.CLOSING;
                r.closeReason = o.exitReason();
                r.closeRequestedAt = asOf;
                r.closeAttempts++;
                r.closeDispatchedAt = null;
                r.closeOrderId = null;
                moved.add(r.lot());
            }
        }
        return moved;
    }

    @Override
    public void markDispatched(String account, Collection<Long> lotIds, Instant at) {
        for (Long id : lotIds) {
            Row r = rows.get(id);
            if (r != null && r.account.equals(account) && r.status == LotStatus.CLOSING) {
                r.closeDispatchedAt = at;
            }
        }
    }

    @Override
    public List<Lot> closingToExamine(String account, Instant stuckBefore) {
        return lots(r -> r.account.equals(account) && r.status == LotStatus.CLOSING
                && (r.closeDispatchedAt == null || r.closeRequestedAt.isBefore(stuckBefore)));
    }

    @Override
    public boolean recordCloseOrder(String account, long lotId, int attempt, String clientOrderId, String orderId, Instant at) {
        Row r = rows.get(lotId);
        if (r == null || !r.account.equals(account) || !r.closingAt(attempt)) {
            return false;
        }
        r.closeOrderId = orderId;
        r.closeClientOrderId = clientOrderId;
        r.closeDispatchedAt = r.closeDispatchedAt == null ? at : r.closeDispatchedAt;
        return true;
    }

    @Override
    public Optional<LotStatus> closeRefused(String account, long lotId, int attempt, String error, int maxAttempts, Instant at) {
        Row r = rows.get(lotId);
        if (r == null || !r.account.equals(account) || !r.closingAt(attempt)) {
            return Optional.empty();
        }
        r.closeError = error;
        if (r.closeAttempts >= maxAttempts) {
            r.status = LotStatus.CLOSE_FAILED;
        } else {
            r.closeAttempts++;
        }
        r.closeRequestedAt = at;
        r.closeDispatchedAt = null;
        r.closeOrderId = null;
        return Optional.of(r.status);
    }

    @Override
    public boolean restartClose(String account, long lotId, int attempt, Instant at) {
        Row r = rows.get(lotId);
        if (r == null || !r.account.equals(account) || !r.closingAt(attempt)) {
            return false;
        }
        r.closeAttempts++;
        r.closeRequestedAt = at;
        r.closeDispatchedAt = null;
        r.closeOrderId = null;
        return true;
    }

    @Override
    public boolean releaseLegs(String account, long lotId, int attempt, Instant at) {
        Row r = rows.get(lotId);
        if (r == null || !r.account.equals(account) || !r.closingAt(attempt) || r.partialQuantity == null) {
            return false;
        }
        r.legsReleased = true;
        return true;
    }

    @Override
    public boolean endScaleOut(String account, long lotId, int attempt, BigDecimal stop, Instant at) {
        Row r = rows.get(lotId);
        if (r == null || !r.account.equals(account) || !r.closingAt(attempt) || r.partialQuantity == null) {
            return false;
        }
        r.status = LotStatus.OPEN;
        r.closeReason = null;
        r.partialQuantity = null;
        r.closeOrderId = null;
        r.closeClientOrderId = null;
        r.closeDispatchedAt = null;
        r.closeRequestedAt = null;
        r.closeError = null;
        r.stopLoss = stop != null ? stop : r.stopLoss;
        return true;
    }

    @Override
    public List<Long> settle(String account, List<LotSettlement> settlements, List<OrderBooking> bookings) {
        List<Long> closed = new ArrayList<>();
        for (LotSettlement s : settlements) {
            Row r = rows.get(s.lotId());
            if (r == null || !r.account.equals(account) || r.status == LotStatus.CLOSED || r.quantity.compareTo(s.quantity()) < 0) {
                continue;
            }
            for (OrderBooking b : bookings) {
                if (b.lotId() == s.lotId()) {
                    BookingRow before = orderBookings.get(account + "/" + b.orderId() + "/" + b.lotId());
                    orderBookings.put(account + "/" + b.orderId() + "/" + b.lotId(), before == null
                            ? new BookingRow(account, b, filledOf(account, b.orderId(), b.lotId()))
                            : new BookingRow(account, new OrderBooking(b.orderId(), b.lotId(), before.booking().quantity().add(b.quantity())),
                            before.fillsBefore()));
                }
            }
            r.quantity = r.quantity.subtract(s.quantity());
            r.closedQuantity = r.closedQuantity.add(s.quantity());
            r.exitValue = r.exitValue.add(s.exitValue());
            r.realizedPnl = (r.realizedPnl == null ? BigDecimal.ZERO : r.realizedPnl).add(s.realizedPnl());
            r.exitPrice = r.exitValue.divide(r.closedQuantity, 4, RoundingMode.HALF_UP);
            boolean nothingLeft = r.quantity.signum() <= 0;
            if (nothingLeft || r.closeReason == null) {
                r.closeReason = s.reason();
            }
            if (nothingLeft) {
                r.status = LotStatus.CLOSED;
                r.closedAt = s.at();
                closed.add(r.id);
            }
        }
        history.addAll(closed);
        return closed;
    }

    @Override
    public Optional<Instant> latestFillTime(String account) {
        return fills.values().stream().filter(f -> f.account().equals(account))
                .map(f -> f.allocation().fill().transactionTime()).max(Comparator.naturalOrder());
    }

    @Override
    public LotHolding holding(String account, long lotId, Collection<String> orderIds) {
        Row row = rows.get(lotId);
        BigDecimal booked = fills.values().stream().filter(f -> f.account().equals(account)
                        && Long.valueOf(lotId).equals(f.allocation().lotId()) && f.allocation().role() == Reconciliation.Role.EXIT
                        && orderIds.contains(f.allocation().fill().orderId()))
                .map(f -> f.allocation().fill().quantity()).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new LotHolding(row.quantity, booked);
    }

    @Override
    public List<OrderBooking> unmatchedBookings(String account, Collection<String> orderIds) {
        List<OrderBooking> unmatched = new ArrayList<>();
        for (BookingRow row : orderBookings.values()) {
            OrderBooking b = row.booking();
            if (row.account().equals(account) && orderIds.contains(b.orderId())) {
                BigDecimal left = b.quantity().subtract(filledOf(account, b.orderId(), b.lotId()).subtract(row.fillsBefore()));
                if (left.signum() > 0) {
                    unmatched.add(new OrderBooking(b.orderId(), b.lotId(), left));
                }
            }
        }
        return unmatched;
    }

    /** Σ of one order's fills accounted to one lot. */
    private BigDecimal filledOf(String account, String orderId, long lotId) {
        return fills.values().stream().filter(f -> f.account().equals(account) && f.allocation().fill().orderId().equals(orderId)
                        && Long.valueOf(lotId).equals(f.allocation().lotId()))
                .map(f -> f.allocation().fill().quantity()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Override
    public Set<String> knownFills(String account, Collection<String> fillIds) {
        Set<String> known = new HashSet<>();
        for (String id : fillIds) {
            FillRow f = fills.get(account + "/" + id);
            if (f != null) {
                known.add(id);
            }
        }
        return known;
    }

    @Override
    public void recordFills(String account, List<Reconciliation.FillAllocation> allocations) {
        for (Reconciliation.FillAllocation a : allocations) {
            fills.putIfAbsent(account + "/" + a.fill().id(), new FillRow(account, a));
        }
    }

    @Override
    public void append(List<PositionEvent> list) {
        events.addAll(list);
    }

    @Override
    public boolean recordRejection(String account, UUID executionId, String field, String message, Instant at) {
        boolean recorded = events.stream().anyMatch(e -> e.type() == EventType.EXECUTION_REJECTED && e.account().equals(account)
                && executionId.equals(e.executionId()));
        if (recorded) {
            return false;
        }
        events.add(new PositionEvent(account, null, executionId, new AuditEvent.ExecutionRejected(field, message), at));
        return true;
    }

    // --- operator controls ---

    @Override
    public <T> T inTransaction(String account, Supplier<T> work) {
        return transactionally(work);
    }

    @Override
    public List<Lot> requestClose(String account, Collection<Long> lotIds, CloseReason reason, Instant at) {
        return moveToClosing(account, lotIds, LotStatus.OPEN, r -> r.closeReason = reason, at);
    }

    @Override
    public List<Lot> retryClose(String account, Collection<Long> lotIds, Instant at) {
        return moveToClosing(account, lotIds, LotStatus.CLOSE_FAILED, r -> r.closeError = null, at);
    }

    private List<Lot> moveToClosing(String account, Collection<Long> lotIds, LotStatus from, java.util.function.Consumer<Row> also,
                                    Instant at) {
        List<Lot> moved = new ArrayList<>();
        for (Long id : lotIds) {
            Row r = rows.get(id);
            if (r == null || !r.account.equals(account) || r.status != from) {
                continue; // one writer: only a lot still in that state moves
            }
            r.status = LotStatus.CLOSING;
            r.closeAttempts++;
            r.closeRequestedAt = at;
            r.closeDispatchedAt = null;
            r.closeOrderId = null;
            also.accept(r);
            moved.add(r.lot());
        }
        return moved;
    }

    @Override
    public boolean claimProtection(String account, long lotId, int arm) {
        Row r = rows.get(lotId);
        return r != null && r.account.equals(account) && r.status == LotStatus.OPEN && r.protectionArms == arm - 1;
    }

    @Override
    public boolean recordProtection(String account, long lotId, int arm, ProtectiveLegs legs, Instant at) {
        if (!claimProtection(account, lotId, arm)) {
            return false;
        }
        Row r = rows.get(lotId);
        r.legs = legs;
        r.protectionArms = arm;
        r.legsReleased = false; // the new pair is working protection again
        return true;
    }

    @Override
    public boolean deferClose(String account, long lotId, int attempt, Instant at) {
        Row r = rows.get(lotId);
        if (r == null || !r.account.equals(account) || !r.closingAt(attempt) || r.closeOrderId != null) {
            return false;
        }
        r.closeDispatchedAt = null;
        return true;
    }

    @Override
    public TradingPause tradingPause(String account) {
        return pauses.getOrDefault(account, TradingPause.NEVER_SET);
    }

    @Override
    public boolean setTradingPause(String account, TradingPause pause) {
        if (tradingPause(account).paused() == pause.paused() && pauses.containsKey(account)) {
            return false;
        }
        pauses.put(account, pause);
        return true;
    }

    // --- trading days: a closed lot is one exit (the fake keeps no history rows) ---

    private final Map<String, DaySummary> summaries = new LinkedHashMap<>();

    /** Summaries recorded, keyed {@code account/day}. */
    Map<String, DaySummary> summaries() {
        return Map.copyOf(summaries);
    }

    @Override
    public List<ClosedLot> closedBetween(String account, Instant from, Instant to) {
        return rows.values().stream()
                .filter(r -> (account == null || r.account.equals(account)) && r.status == LotStatus.CLOSED && r.closedAt != null
                        && !r.closedAt.isBefore(from) && r.closedAt.isBefore(to))
                .sorted(Comparator.comparing((Row r) -> r.closedAt).thenComparing(r -> r.id))
                .map(r -> new ClosedLot(r.id, r.account, r.instrument.orderSymbol(), r.instrument.type(), r.side, r.strategyType,
                        r.entryPrice, r.entryTime, List.of(new ClosedLot.Exit(r.closedQuantity, r.exitPrice, r.realizedPnl,
                        r.closeReason, r.closedAt))))
                .toList();
    }

    @Override
    public int openedBetween(String account, Instant from, Instant to) {
        return (int) rows.values().stream().filter(r -> (account == null || r.account.equals(account))
                && !r.entryTime.isBefore(from) && r.entryTime.isBefore(to)).count();
    }

    @Override
    public boolean summaryRecorded(String account, LocalDate day) {
        return summaries.containsKey(account + "/" + day);
    }

    @Override
    public boolean recordSummary(String account, DaySummary summary, Instant at) {
        return summaries.putIfAbsent(account + "/" + summary.day(), summary) == null;
    }
}
