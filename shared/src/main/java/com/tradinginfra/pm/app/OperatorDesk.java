package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotCommand;
import com.tradinginfra.pm.domain.Operator;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.TradingPause;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's controls for the bad day, on the same store and state machine as the functions:
 * retry a close_failed lot, close one lot or flatten the account (reason {@code manual}), pause and
 * resume trading. A lot moves to CLOSING by the same conditional update a sweep uses (one writer
 * wins) and is left unsent, so the next sync sends its request through the outbox path and
 * CloseOrderFunction makes the one order of that attempt. Every action and its events commit in
 * one transaction, with who and why.
 */
public final class OperatorDesk {
    private final String account;
    private final PositionStore store;

    public OperatorDesk(String account, PositionStore store) {
        this.account = Objects.requireNonNull(account, "account");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * What an action did.
     *
     * @param moved   the lots moved to CLOSING, with their new attempt
     * @param refused why lots were left as they were (one line each, naming the lot)
     * @param paused  trading is paused: the requests wait for the resume
     */
    public record Result(List<Lot> moved, List<String> refused, boolean paused) {
        public Result {
            moved = List.copyOf(moved);
            refused = List.copyOf(refused);
        }
    }

    /**
     * A pause or resume.
     *
     * @param changed false when the switch already was in that state
     * @param state   the switch afterwards
     */
    public record PauseChange(boolean changed, TradingPause state) {
    }

    /** Sends a close_failed lot back to closing with a new attempt (a new client order id). */
    public Result retry(long lotId, Operator operator, Instant at) {
        return onOneLot(lotId, LotCommand.RETRY, operator, at);
    }

    /** Closes one open lot with reason {@code manual}; a reason is required. */
    public Result close(long lotId, Operator operator, Instant at) {
        return onOneLot(lotId, LotCommand.CLOSE, operator.requireReason("close"), at);
    }

    /**
     * Closes every open lot of the account, or those of {@code symbol} (the order symbol, or the
     * underlying for all its stock and options), and retries every close_failed one; lots already
     * closing are left to their close. A reason is required.
     */
    public Result flatten(Optional<String> symbol, Operator operator, Instant at) {
        operator.requireReason("flatten");
        Optional<String> wanted = symbol.map(s -> s.strip().toUpperCase(Locale.ROOT));
        return store.inTransaction(account, () -> {
            List<Long> open = new ArrayList<>();
            List<Long> failed = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (Lot lot : store.activeLots(account)) {
                if (wanted.isPresent() && !wanted.get().equals(lot.symbol()) && !wanted.get().equals(lot.instrument().underlying())) {
                    continue;
                }
                if (LotCommand.CLOSE.refusal(lot).isEmpty()) {
                    open.add(lot.id());
                } else if (LotCommand.RETRY.refusal(lot).isEmpty()) {
                    failed.add(lot.id());
                } else {
                    refused.add(LotCommand.CLOSE.refusal(lot).orElseThrow());
                }
            }
            List<Lot> requested = store.requestClose(account, open, CloseReason.MANUAL, at);
            List<Lot> retried = store.retryClose(account, failed, at);
            List<Lot> moved = new ArrayList<>(requested);
            moved.addAll(retried);
            if (moved.size() < open.size() + failed.size()) {
                refused.add((open.size() + failed.size() - moved.size()) + " lot(s) changed meanwhile (a sweep or sync got there first)");
            }
            record(requested, retried, operator, AuditEvent.CloseRequested.Command.FLATTEN, at);
            return new Result(moved, refused, isPaused());
        });
    }

    /** Pauses trading: no exit is decided and no order submitted until resumed. A reason is required. */
    public PauseChange pause(Operator operator, Instant at) {
        return setPause(true, operator.requireReason("pause"), at);
    }

    /** Resumes trading: due exits are decided at the next sweep, deferred closes are re-sent by the next sync. */
    public PauseChange resume(Operator operator, Instant at) {
        return setPause(false, operator, at);
    }

    /** The account's kill switch. */
    public TradingPause pauseState() {
        return store.tradingPause(account);
    }

    private boolean isPaused() {
        return store.tradingPause(account).paused();
    }

    private PauseChange setPause(boolean paused, Operator operator, Instant at) {
        return store.inTransaction(account, () -> {
            // an account never paused is resumed already; the store's conditional update settles races
            boolean changed = store.tradingPause(account).paused() != paused
                    && store.setTradingPause(account, TradingPause.set(paused, operator, at));
            if (changed) {
                AuditEvent event = paused ? new AuditEvent.TradingPaused(operator.name(), operator.reason())
                        : new AuditEvent.TradingResumed(operator.name(), operator.reason());
                store.append(List.of(new PositionEvent(account, null, null, event, at)));
            }
            return new PauseChange(changed, store.tradingPause(account));
        });
    }

    private Result onOneLot(long lotId, LotCommand command, Operator operator, Instant at) {
        return store.inTransaction(account, () -> {
            Lot lot = store.lot(account, lotId)
                    .orElseThrow(() -> new IllegalArgumentException("lot " + lotId + " does not exist in account " + account));
            Optional<String> refusal = command.refusal(lot);
            if (refusal.isPresent()) {
                return new Result(List.of(), List.of(refusal.get()), isPaused());
            }
            boolean retry = command == LotCommand.RETRY;
            List<Lot> moved = retry ? store.retryClose(account, List.of(lotId), at)
                    : store.requestClose(account, List.of(lotId), CloseReason.MANUAL, at);
            if (moved.isEmpty()) {
                // a sweep or sync moved it between the read and the conditional update
                Lot now = store.lot(account, lotId).orElse(lot);
                return new Result(List.of(), List.of(command.refusal(now).orElse("lot " + lotId + " changed meanwhile")), isPaused());
            }
            record(retry ? List.of() : moved, retry ? moved : List.of(), operator, AuditEvent.CloseRequested.Command.CLOSE, at);
            return new Result(moved, List.of(), isPaused());
        });
    }

    /** The events of one action: {@code close_requested} for lots closed, {@code close_retried} for lots retried. */
    private void record(List<Lot> requested, List<Lot> retried, Operator operator, AuditEvent.CloseRequested.Command command,
                        Instant at) {
        List<PositionEvent> events = new ArrayList<>(requested.size() + retried.size());
        for (Lot lot : requested) {
            events.add(PositionEvent.ofLot(lot, new AuditEvent.CloseRequested(lot.symbol(), lot.closeAttempts(), command,
                    operator.name(), operator.reason()), at));
        }
        for (Lot lot : retried) {
            events.add(PositionEvent.ofLot(lot, new AuditEvent.CloseRetried(lot.symbol(), lot.closeAttempts(), operator.name(),
                    operator.reason()), at));
        }
        store.append(events);
    }
}
