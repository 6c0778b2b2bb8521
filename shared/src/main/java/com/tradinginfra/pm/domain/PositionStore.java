package com.tradinginfra.pm.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The persistence port. Every method takes the account, and every query filters by it: a stack
 * for one account never reads or changes another's rows. State moves only by conditional updates.
 * It is also the {@link TradingDayBook}: the day's lots and its summary.
 */
public interface PositionStore extends TradingDayBook {

    /** Runs {@code work} in one transaction holding the account's sync lock; empty when another sync holds it. */
    <T> Optional<T> underSyncLock(String account, Supplier<T> work);

    // --- executions (the dispatcher's table: read only) ---

    /** Filled paper/live executions of the account that have no lot and were not rejected. */
    List<Execution> untrackedExecutions(String account, int limit);

    /** One execution of the account, tracked or not. */
    Optional<Execution> execution(String account, UUID executionId);

    // --- lots ---

    /**
     * Creates lots, idempotently: an execution already tracked creates nothing (UNIQUE
     * execution_id); an execution that explains a lot adopted moments ago claims it.
     *
     * @return the ids of lots created or claimed, in order, null where nothing was written
     */
    List<Long> track(List<NewLot> lots, Instant asOf);

    /** Grows open lots whose execution filled further since it was tracked; returns how many changed. */
    int refreshEntryQuantities(String account, Instant asOf);

    /**
     * Marks a sweep of the range keyed {@code fromLotId} (its first lot id, or for a symbol range the
     * key derived from its first symbol) at {@code asOf} as the newest;
     * false when a sweep at a later time was already processed (drop this one).
     */
    boolean claimSweep(String account, long fromLotId, Instant asOf);

    /** Open lots with {@code fromId <= id <= toId}, in id order. */
    default List<Lot> openLots(String account, long fromId, long toId) {
        return openLots(account, fromId, toId, null, null);
    }

    /**
     * Open lots with {@code fromId <= id <= toId} and {@code fromSymbol <= symbol < toSymbol} (a null
     * bound is no bound; {@link Lot#symbol()} compared by character code), in id order.
     */
    List<Lot> openLots(String account, long fromId, long toId, String fromSymbol, String toSymbol);

    /** Lots that may still be held: open, closing or close_failed. */
    List<Lot> activeLots(String account);

    /** The account's counts of the health view and the newest sweep of its open lots. */
    PositionHealth health(String account);

    Optional<Lot> lot(String account, long lotId);

    /** The lot's quantity now and what its booked exit fills of {@code orderIds} add up to, in one snapshot. */
    LotHolding holding(String account, long lotId, Collection<String> orderIds);

    /**
     * Writes one sweep's prices, P&L and peaks, and moves lots that must exit from OPEN to CLOSING
     * (only where still open: one writer wins), in a constant number of round trips.
     *
     * @return the lots this call moved to CLOSING, with their new attempt number
     */
    List<Lot> recordSweep(String account, List<SweepOutcome> outcomes, Instant asOf);

    /** Notes that close requests were handed to the queue. */
    void markDispatched(String account, Collection<Long> lotIds, Instant at);

    /** Closing lots whose request was never handed to the queue, or whose close is older than {@code stuckBefore}. */
    List<Lot> closingToExamine(String account, Instant stuckBefore);

    /** Records the broker order of a close attempt (only if that attempt is still current). */
    boolean recordCloseOrder(String account, long lotId, int attempt, String clientOrderId, String orderId, Instant at);

    /**
     * The broker refused a close attempt: starts the next attempt (re-sent by the next sync), or,
     * once {@code maxAttempts} were made, moves the lot to CLOSE_FAILED.
     *
     * @return the lot's status afterwards, empty when the attempt was no longer current
     */
    Optional<LotStatus> closeRefused(String account, long lotId, int attempt, String error, int maxAttempts, Instant at);

    /** Starts a new close attempt for a closing lot whose order ended without closing it. */
    boolean restartClose(String account, long lotId, int attempt, Instant at);

    /**
     * A scale-out cancelled its lot's protective legs (only while that attempt is current): the
     * lot's own rules protect the rest from now on, and the legs' absence is no missing-brackets exit.
     */
    boolean releaseLegs(String account, long lotId, int attempt, Instant at);

    /**
     * Ends a lot's scale-out: CLOSING→OPEN (only for that attempt of a scale-out still current: one
     * writer), its stop set to {@code stop} when not null (breakeven).
     */
    boolean endScaleOut(String account, long lotId, int attempt, java.math.BigDecimal stop, Instant at);

    /** Books what the broker closed; lots with nothing left become CLOSED with a history row. */
    default List<Long> settle(String account, List<LotSettlement> settlements) {
        return settle(account, settlements, List.of());
    }

    /**
     * {@link #settle(String, List)}, keeping in the same transaction the parts booked from orders' totals
     * (only those of lots this call books), so that {@link #unmatchedBookings} finds them.
     */
    List<Long> settle(String account, List<LotSettlement> settlements, List<OrderBooking> bookings);

    /**
     * The bookings of these orders that their fills in the ledger have not matched yet: each
     * booking's quantity less the quantity of that order's fills accounted to its lot since it was written.
     */
    List<OrderBooking> unmatchedBookings(String account, Collection<String> orderIds);

    // --- fills ledger ---

    /** The newest fill time accounted, if any. */
    Optional<Instant> latestFillTime(String account);

    /** Which of these fill ids are already accounted. */
    Set<String> knownFills(String account, Collection<String> fillIds);

    /** Accounts fills (idempotent by fill id). */
    void recordFills(String account, List<Reconciliation.FillAllocation> allocations);

    // --- audit ---

    /** Appends events in one round trip. */
    void append(List<PositionEvent> events);

    /** Records that an execution was rejected; false when it was already recorded. */
    boolean recordRejection(String account, UUID executionId, String field, String message, Instant at);

    // --- re-armed protection (MISSING_BRACKETS_ACTION=rearm) ---

    /**
     * Locks an open lot for arm {@code arm} until the surrounding transaction ends; false when the lot
     * is no longer open or another arm was recorded meanwhile.
     */
    boolean claimProtection(String account, long lotId, int arm);

    /** Records arm {@code arm}'s legs as the lot's protective legs (only while it is open and that arm is current). */
    boolean recordProtection(String account, long lotId, int arm, ProtectiveLegs legs, Instant at);

    // --- operator controls (./pm retry, close, flatten, pause, resume) ---

    /** Runs {@code work} in one transaction: an operator's state change and its events commit together. */
    <T> T inTransaction(String account, Supplier<T> work);

    /**
     * Moves the given lots from OPEN to CLOSING with {@code reason} and their next attempt (only
     * those still open: one writer wins); the next sync sends their requests.
     *
     * @return the lots moved, with their new attempt number
     */
    List<Lot> requestClose(String account, Collection<Long> lotIds, CloseReason reason, Instant at);

    /** Moves the given lots from CLOSE_FAILED back to CLOSING with a new attempt; the next sync sends them. */
    List<Lot> retryClose(String account, Collection<Long> lotIds, Instant at);

    /**
     * A close request that may not act now (trading paused): the lot keeps its attempt, marked
     * as not sent, so the next sync after the resume sends it again. False when that attempt is no
     * longer current or already has an order.
     */
    boolean deferClose(String account, long lotId, int attempt, Instant at);

    /** The account's kill switch ({@link TradingPause#NEVER_SET} when never set). */
    TradingPause tradingPause(String account);

    /** Sets the kill switch; false when it already was in that state (then nothing changes). */
    boolean setTradingPause(String account, TradingPause pause);
}
