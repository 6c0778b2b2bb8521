package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which lots get their protection re-armed ({@code MISSING_BRACKETS_ACTION=rearm}): pure logic, no I/O.
 *
 * <p>A stock lot that was opened with protective legs, none of which is working at the broker any
 * more (cancelled, expired, or never activated because its entry ended partly filled: Alpaca
 * activates bracket legs only after the entry fills completely), while the broker still holds the
 * position (all of it: while the broker holds less than the symbol's lots, a leg may have filled
 * and reconciliation has not seen it yet), gets a one-cancels-other pair for its quantity. Never more than the broker holds free of
 * other orders ({@code qty_available}), shared out between the lots of one symbol oldest first, and
 * whole shares only (Alpaca takes no fractional OCO). Only while the session is open: outside it
 * Alpaca would refuse or queue the order, so the lot waits for the open. Options cannot carry OCO
 * orders at Alpaca: the missing-brackets exit rule closes them instead.
 *
 * <p>Legs that are still held for a working entry count as working: they activate for the whole
 * bracket once the entry fills, and a pair placed beside them would hold the same shares twice.
 */
public final class Protection {

    /**
     * What the re-arm step knows.
     *
     * @param lots        the active lots (only open stock lots with protective legs are looked at)
     * @param openOrders  the broker's open orders with their legs
     * @param positions   the broker's positions
     * @param session     today's session, empty when the market does not open today
     * @param asOf        the tick
     */
    public record Input(List<Lot> lots, List<BrokerOrder> openOrders, List<BrokerPosition> positions,
                        Optional<MarketSession> session, Instant asOf) {
        public Input {
            session = session == null ? Optional.empty() : session;
        }
    }

    /**
     * Re-arm one lot.
     *
     * @param lot     the lot
     * @param arm     this arm's number (the lot's arms so far plus one): names the client order id
     * @param request the pair to place
     */
    public record Arm(Lot lot, int arm, ProtectionRequest request) {
    }

    /** True when at least one lot could need re-arming: only then are the broker's open orders worth reading. */
    public static boolean anyCandidate(Collection<Lot> lots) {
        return lots.stream().anyMatch(Protection::candidate);
    }

    private static boolean candidate(Lot lot) {
        return lot.status() == LotStatus.OPEN && !lot.isOption() && lot.legs().expected() && lot.quantity().signum() > 0;
    }

    /** The lots to re-arm now, oldest first. */
    public List<Arm> plan(Input in) {
        if (in.session().isEmpty() || !in.session().get().isOpenAt(in.asOf())) {
            return List.of();
        }
        Set<String> working = workingOrderIds(in.openOrders());
        Map<String, BrokerPosition> positions = new HashMap<>();
        in.positions().forEach(p -> positions.put(p.symbol(), p));
        Map<String, BigDecimal> tracked = new HashMap<>();
        in.lots().forEach(l -> tracked.merge(l.symbol(), l.quantity().multiply(l.side().sign()), BigDecimal::add));
        Map<String, BrokerOrder> byClientId = new HashMap<>();
        in.openOrders().forEach(o -> {
            if (o.clientOrderId() != null) {
                byClientId.put(o.clientOrderId(), o);
            }
        });
        Map<String, BigDecimal> free = new HashMap<>();
        List<Lot> sorted = in.lots().stream().filter(Protection::candidate)
                .sorted(Comparator.comparing(Lot::entryTime).thenComparingLong(Lot::id)).toList();
        List<Arm> arms = new ArrayList<>();
        for (Lot lot : sorted) {
            if (lot.legs().anyOpenAmong(working)) {
                continue;
            }
            BrokerPosition position = positions.get(lot.symbol());
            if (position == null || position.side() != lot.side()) {
                continue; // nothing held, or the other direction: reconciliation settles the lot
            }
            if (position.size().compareTo(tracked.get(lot.symbol()).abs()) < 0) {
                continue; // the broker holds less than the lots: a leg may have filled unseen; reconciliation first
            }
            int arm = lot.protectionArms() + 1;
            String clientOrderId = ProtectionOrderId.of(lot.account(), lot.id(), arm);
            BrokerOrder placed = byClientId.get(clientOrderId);
            if (placed != null && placed.quantity() != null) {
                // Placed by an earlier sync whose answer or commit was lost: it holds its shares already; record it.
                arms.add(new Arm(lot, arm, new ProtectionRequest(lot.symbol(), placed.quantity(), lot.side().closingOrderSide(),
                        lot.takeProfit(), lot.stopLoss(), clientOrderId)));
                continue;
            }
            BigDecimal available = free.computeIfAbsent(lot.symbol(),
                    s -> (position.qtyAvailable() != null ? position.qtyAvailable() : position.quantity()).abs());
            BigDecimal quantity = lot.quantity().min(available).setScale(0, RoundingMode.DOWN);
            if (quantity.signum() <= 0) {
                continue; // other orders hold the shares: nothing free to protect
            }
            free.put(lot.symbol(), available.subtract(quantity));
            arms.add(new Arm(lot, arm, new ProtectionRequest(lot.symbol(), quantity, lot.side().closingOrderSide(),
                    lot.takeProfit(), lot.stopLoss(), clientOrderId)));
        }
        return arms;
    }

    /** Ids of the open orders and of their legs that still work (a held bracket leg included). */
    public static Set<String> workingOrderIds(List<BrokerOrder> openOrders) {
        Set<String> ids = new HashSet<>();
        for (BrokerOrder order : openOrders) {
            if (!order.isTerminal()) {
                ids.add(order.id());
            }
            order.legs().forEach(leg -> {
                if (!leg.isTerminal()) {
                    ids.add(leg.id());
                }
            });
        }
        return ids;
    }

    /** The legs a placed pair gives the lot: its stop and its limit (Alpaca nests the stop under the limit). */
    public static ProtectiveLegs legsOf(BrokerOrder pair) {
        String stop = null;
        String target = null;
        for (BrokerOrder o : concat(pair)) {
            if ("stop".equals(o.type()) && stop == null) {
                stop = o.id();
            } else if ("limit".equals(o.type()) && target == null) {
                target = o.id();
            }
        }
        return new ProtectiveLegs(stop, target != null ? target : pair.id());
    }

    private static List<BrokerOrder> concat(BrokerOrder pair) {
        List<BrokerOrder> all = new ArrayList<>();
        all.add(pair);
        all.addAll(pair.legs());
        return all;
    }
}
