package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.ObservedPrice;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.SweepOutcome;
import com.tradinginfra.pm.domain.exit.ExitContext;
import com.tradinginfra.pm.domain.exit.ExitDecision;
import com.tradinginfra.pm.domain.exit.ExitPolicy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One price-and-exit sweep: batch prices, P&L and peaks for every open lot in a constant number of
 * database round trips, the exit rules, and OPEN→CLOSING with one close request per exiting lot.
 * A price read the broker does not answer at all throws before anything is written, so no lot
 * changes; a batch that fails while others are answered leaves only its own symbols unpriced
 * (see {@link PriceBook}).
 *
 * <p>Exits are decided on each symbol's freshest price (the newer of last trade and quote
 * midpoint). A price older than {@link ManagerSettings#priceMaxAge()} at the sweep's time counts as
 * no price: the lot keeps its last price, no price rule fires (the time rules still do), and when
 * a price rule would have fired on it, a {@code price_stale} event says so.
 */
public final class SweepService {
    private final ManagerSettings settings;
    private final PositionStore store;
    private final Broker broker;
    private final Outbound outbound;
    private final ExitPolicy policy;
    private final PriceBook prices;

    public SweepService(ManagerSettings settings, PositionStore store, Broker broker, Outbound outbound) {
        this.settings = settings;
        this.store = store;
        this.broker = broker;
        this.outbound = outbound;
        this.policy = ExitPolicy.standard(settings.exits(), settings.missingBrackets());
        this.prices = new PriceBook(broker, settings.stockBatchSize());
    }

    /** The account this service works for (the {@code account} key of its log lines). */
    public String account() {
        return settings.account();
    }

    public SweepReport sweep(SweepRequest request) {
        if (!settings.account().equals(request.account())) {
            throw new IllegalArgumentException("sweep request for account '" + request.account()
                    + "' reached the stack of account '" + settings.account() + "'");
        }
        if (!store.claimSweep(settings.account(), request.progressKey(), request.asOf())) {
            return SweepReport.skipped("a sweep at or after " + request.asOf() + " already ran for " + (request.bySymbol()
                    ? "symbols from '" + (request.fromSymbol() == null ? "" : request.fromSymbol()) + "'" : "lots from " + request.fromLotId()));
        }
        List<Lot> lots = store.openLots(settings.account(), request.fromLotId(), request.toLotId(), request.fromSymbol(),
                request.toSymbol());
        if (lots.isEmpty()) {
            return new SweepReport(0, 0, List.of(), false, null);
        }
        // Paused by an operator: prices, P&L and peaks are still kept, but no exit is decided.
        boolean paused = store.tradingPause(settings.account()).paused();
        Optional<MarketSession> session = broker.session(MarketSession.tradingDate(request.asOf()));
        boolean marketOpen = session.map(s -> s.isOpenAt(request.asOf())).orElse(false);
        Set<String> openOrderIds = lots.stream().anyMatch(l -> l.legs().expected()) ? openOrderIds() : null;
        // Throws only when the broker answered no price request: then no lot changes and SQS retries.
        PriceBook.Prices priceOf = prices.pricesOf(lots);

        List<SweepOutcome> outcomes = new ArrayList<>(lots.size());
        List<PositionEvent> events = new ArrayList<>();
        int priced = 0;
        for (Lot lot : lots) {
            ObservedPrice observed = priceOf.of(lot.symbol());
            boolean stale = observed != null && observed.isOlderThan(settings.priceMaxAge(), request.asOf());
            BigDecimal price = observed == null || stale ? null : observed.price();
            BigDecimal peak = lot.nextPeak(price);
            ExitDecision decision = ExitDecision.HOLD;
            // Outside the session an order would be rejected (options) or queued for the open
            // (stocks) at a price nobody checked: decide again at the next sweep in the session.
            if (marketOpen && !paused) {
                decision = policy.decide(lot, new ExitContext(request.asOf(), price, peak, session, openOrderIds));
                if (stale && !(decision instanceof ExitDecision.Exit)) {
                    staleEvent(lot, observed, request.asOf(), session, openOrderIds).ifPresent(events::add);
                }
            }
            if (price != null) {
                priced++;
            }
            outcomes.add(new SweepOutcome(lot.id(), price, price == null ? null : lot.pnlAt(price), peak, decision));
        }

        List<Lot> moved = store.recordSweep(settings.account(), outcomes, request.asOf());
        if (moved.isEmpty()) {
            if (!events.isEmpty()) {
                store.append(events);
            }
            return new SweepReport(lots.size(), priced, List.of(), marketOpen, null);
        }
        List<CloseRequest> closes = new ArrayList<>(moved.size());
        Map<Long, SweepOutcome> byId = new java.util.HashMap<>();
        outcomes.forEach(o -> byId.put(o.lotId(), o));
        for (Lot lot : moved) {
            SweepOutcome o = byId.get(lot.id());
            ExitDecision.Exit exit = (ExitDecision.Exit) o.decision();
            events.add(PositionEvent.ofLot(lot, new AuditEvent.ExitTriggered(exit.reason(), exit.detail(), lot.symbol(), o.price(),
                    lot.closeAttempts()), request.asOf()));
            closes.add(new CloseRequest(settings.account(), lot.id(), lot.closeAttempts(), exit.reason().code(), request.asOf()));
        }
        store.append(events);
        // If sending fails the lots stay CLOSING and undispatched; the next sync re-sends them.
        outbound.sendCloses(closes);
        List<Long> ids = moved.stream().map(Lot::id).toList();
        store.markDispatched(settings.account(), ids, request.asOf());
        return new SweepReport(lots.size(), priced, ids, marketOpen, null);
    }

    /** A {@code price_stale} event when a price rule would have fired on the stale price. */
    private Optional<PositionEvent> staleEvent(Lot lot, ObservedPrice stalePrice, Instant asOf, Optional<MarketSession> session,
                                               Set<String> openOrderIds) {
        ExitDecision onStale = policy.decide(lot, new ExitContext(asOf, stalePrice.price(), lot.nextPeak(stalePrice.price()),
                session, openOrderIds));
        if (!(onStale instanceof ExitDecision.Exit withheld)) {
            return Optional.empty();
        }
        return Optional.of(PositionEvent.ofLot(lot, new AuditEvent.PriceStale(lot.symbol(), stalePrice.price(), stalePrice.at(),
                stalePrice.source().name().toLowerCase(Locale.ROOT), stalePrice.ageAt(asOf).toSeconds(), withheld.reason()), asOf));
    }

    private Set<String> openOrderIds() {
        Set<String> ids = new HashSet<>();
        for (BrokerOrder order : broker.openOrders()) {
            ids.add(order.id());
            order.legs().forEach(leg -> {
                if (!leg.isTerminal()) {
                    ids.add(leg.id());
                }
            });
        }
        return ids;
    }
}
