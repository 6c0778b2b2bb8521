package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.Execution;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotHolding;
import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OrderBooking;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionHealth;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.Reconciliation;
import com.tradinginfra.pm.domain.SweepOutcome;
import com.tradinginfra.pm.domain.TradingPause;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link PositionStore} on PostgreSQL through plain JDBC. The SQL of each table lives in its own
 * class; this one decides transactions. Works through RDS Proxy: no session state, and the sync
 * lock is a transaction-level advisory lock ({@code pg_try_advisory_xact_lock}), which pins the
 * proxy connection only for that transaction.
 */
public final class JdbcPositionStore implements PositionStore {
    private static final String SYNC_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('position-manager-sync:' || ?))";

    private final ConnectionSource connections;
    private final ExecutionTable executions = new ExecutionTable();
    private final LotTable lots = new LotTable();
    private final EventTable events = new EventTable();
    private final HistoryTable history = new HistoryTable();
    private final FillTable fills = new FillTable();
    private final OrderBookingTable orderBookings = new OrderBookingTable();
    private final SweepProgressTable sweepProgress = new SweepProgressTable();
    private final HealthView healthView = new HealthView();
    private final PauseTable pauses = new PauseTable();
    private final TradingDayView tradingDay = new TradingDayView();
    private final DaySummaryTable daySummaries = new DaySummaryTable();

    public JdbcPositionStore(ConnectionSource connections) {
        this.connections = connections;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T run(String operation, Work<T> work) {
        try {
            return work.run(connections.connection());
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                connections.invalidate();
            }
            throw new StoreException(operation, e);
        }
    }

    /** Runs work in a transaction, or inside the one already open. */
    private <T> T transaction(String operation, Work<T> work) {
        return run(operation, c -> {
            if (!c.getAutoCommit()) {
                return work.run(c);
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public <T> Optional<T> underSyncLock(String account, Supplier<T> work) {
        return transaction("sync", c -> {
            boolean locked = Sql.query(c, SYNC_LOCK, rs -> rs.getBoolean(1), account).get(0);
            return locked ? Optional.ofNullable(work.get()) : Optional.empty();
        });
    }

    @Override
    public List<Execution> untrackedExecutions(String account, int limit) {
        return run("reading untracked executions", c -> executions.untracked(c, account, limit));
    }

    @Override
    public Optional<Execution> execution(String account, UUID executionId) {
        return run("reading execution " + executionId, c -> executions.find(c, account, executionId));
    }

    @Override
    public List<Long> track(List<NewLot> newLots, Instant asOf) {
        return transaction("tracking lots", c -> {
            List<Long> ids = new ArrayList<>(newLots.size());
            for (NewLot lot : newLots) {
                Long id = lot.executionId() == null ? null : lots.claimAdopted(c, lot, asOf);
                if (id == null) {
                    id = lots.insert(c, lot, asOf);
                }
                if (id != null && lot.entryOrderId() != null) {
                    fills.linkEntry(c, lot.account(), lot.entryOrderId(), id);
                }
                ids.add(id);
            }
            return ids;
        });
    }

    @Override
    public int refreshEntryQuantities(String account, Instant asOf) {
        return run("refreshing entry quantities", c -> lots.refreshEntryQuantities(c, account, asOf));
    }

    @Override
    public boolean claimSweep(String account, long fromLotId, Instant asOf) {
        return run("claiming sweep", c -> sweepProgress.claim(c, account, fromLotId, asOf));
    }

    @Override
    public List<Lot> openLots(String account, long fromId, long toId, String fromSymbol, String toSymbol) {
        return run("reading open lots", c -> lots.open(c, account, fromId, toId, fromSymbol, toSymbol));
    }

    @Override
    public List<Lot> activeLots(String account) {
        return run("reading active lots", c -> lots.active(c, account));
    }

    @Override
    public PositionHealth health(String account) {
        return run("reading the health view", c -> healthView.health(c, account));
    }

    @Override
    public Optional<Lot> lot(String account, long lotId) {
        return run("reading lot " + lotId, c -> lots.find(c, account, lotId));
    }

    @Override
    public LotHolding holding(String account, long lotId, Collection<String> orderIds) {
        return run("reading what lot " + lotId + " holds", c -> lots.holding(c, account, lotId, orderIds));
    }

    @Override
    public List<Lot> recordSweep(String account, List<SweepOutcome> outcomes, Instant asOf) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        return run("recording sweep", c -> lots.sweep(c, account, outcomes, asOf));
    }

    @Override
    public void markDispatched(String account, Collection<Long> lotIds, Instant at) {
        if (!lotIds.isEmpty()) {
            run("marking dispatched", c -> {
                lots.markDispatched(c, account, lotIds, at);
                return null;
            });
        }
    }

    @Override
    public List<Lot> closingToExamine(String account, Instant stuckBefore) {
        return run("reading closing lots", c -> lots.toExamine(c, account, stuckBefore));
    }

    @Override
    public boolean recordCloseOrder(String account, long lotId, int attempt, String clientOrderId, String orderId, Instant at) {
        return run("recording close order", c -> lots.recordOrder(c, account, lotId, attempt, clientOrderId, orderId, at));
    }

    @Override
    public Optional<LotStatus> closeRefused(String account, long lotId, int attempt, String error, int maxAttempts, Instant at) {
        return run("recording refused close", c -> lots.refused(c, account, lotId, attempt, error, maxAttempts, at));
    }

    @Override
    public boolean restartClose(String account, long lotId, int attempt, Instant at) {
        return run("restarting close", c -> lots.restart(c, account, lotId, attempt, at));
    }

    @Override
    public List<Long> settle(String account, List<LotSettlement> settlements, List<OrderBooking> bookings) {
        if (settlements.isEmpty()) {
            return List.of();
        }
        return transaction("settling lots", c -> {
            List<Long> booked = new ArrayList<>();
            List<Long> closed = lots.settle(c, account, settlements, booked);
            orderBookings.record(c, account, bookings.stream().filter(b -> booked.contains(b.lotId())).toList(), settlements);
            history.recordPartial(c, account, settlements.stream()
                    .filter(s -> booked.contains(s.lotId()) && !closed.contains(s.lotId())).toList());
            history.record(c, account, closed);
            return closed;
        });
    }

    @Override
    public List<OrderBooking> unmatchedBookings(String account, Collection<String> orderIds) {
        return run("reading order bookings", c -> orderBookings.unmatched(c, account, orderIds));
    }

    @Override
    public Optional<Instant> latestFillTime(String account) {
        return run("reading latest fill", c -> fills.latest(c, account));
    }

    @Override
    public Set<String> knownFills(String account, Collection<String> fillIds) {
        return run("reading known fills", c -> fills.known(c, account, fillIds));
    }

    @Override
    public void recordFills(String account, List<Reconciliation.FillAllocation> allocations) {
        run("recording fills", c -> {
            fills.record(c, account, allocations);
            return null;
        });
    }

    @Override
    public void append(List<PositionEvent> list) {
        run("appending events", c -> {
            events.append(c, list);
            return null;
        });
    }

    @Override
    public boolean recordRejection(String account, UUID executionId, String field, String message, Instant at) {
        return run("recording rejection", c -> events.rejection(c, account, executionId, field, message, at));
    }

    // --- operator controls ---

    @Override
    public <T> T inTransaction(String account, Supplier<T> work) {
        return transaction("operator action for " + account, c -> work.get());
    }

    @Override
    public boolean claimProtection(String account, long lotId, int arm) {
        return run("claiming lot " + lotId + " for re-arming", c -> lots.claimArm(c, account, lotId, arm));
    }

    @Override
    public boolean recordProtection(String account, long lotId, int arm, ProtectiveLegs legs, Instant at) {
        return run("recording the re-armed legs of lot " + lotId, c -> lots.recordArm(c, account, lotId, arm, legs, at));
    }

    @Override
    public List<Lot> requestClose(String account, Collection<Long> lotIds, CloseReason reason, Instant at) {
        return lotIds.isEmpty() ? List.of() : run("requesting close", c -> lots.requestClose(c, account, lotIds, reason, at));
    }

    @Override
    public List<Lot> retryClose(String account, Collection<Long> lotIds, Instant at) {
        return lotIds.isEmpty() ? List.of() : run("retrying close", c -> lots.retryClose(c, account, lotIds, at));
    }

    @Override
    public boolean releaseLegs(String account, long lotId, int attempt, Instant at) {
        return run("releasing protective legs", c -> lots.releaseLegs(c, account, lotId, attempt, at));
    }

    @Override
    public boolean endScaleOut(String account, long lotId, int attempt, java.math.BigDecimal stop, Instant at) {
        return run("ending scale-out", c -> lots.endScaleOut(c, account, lotId, attempt, stop, at));
    }

    @Override
    public boolean deferClose(String account, long lotId, int attempt, Instant at) {
        return run("deferring close", c -> lots.defer(c, account, lotId, attempt, at));
    }

    @Override
    public TradingPause tradingPause(String account) {
        return run("reading the pause switch", c -> pauses.read(c, account));
    }

    @Override
    public boolean setTradingPause(String account, TradingPause pause) {
        return run("setting the pause switch", c -> pauses.set(c, account, pause));
    }

    // --- trading days ---

    @Override
    public List<ClosedLot> closedBetween(String account, Instant from, Instant to) {
        return run("reading the lots closed from " + from + " to " + to, c -> tradingDay.closedBetween(c, account, from, to));
    }

    @Override
    public int openedBetween(String account, Instant from, Instant to) {
        return run("counting the lots opened from " + from + " to " + to, c -> tradingDay.openedBetween(c, account, from, to));
    }

    @Override
    public boolean summaryRecorded(String account, LocalDate day) {
        return run("reading the summary of " + day, c -> daySummaries.recorded(c, account, day));
    }

    @Override
    public boolean recordSummary(String account, DaySummary summary, Instant at) {
        return run("recording the summary of " + summary.day(), c -> daySummaries.insert(c, account, summary, at));
    }
}
