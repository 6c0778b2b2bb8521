package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.exit.ExitSettings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles tracked lots with what the broker did: pure logic, no I/O. Fills are accounted first
 * (a close order, a bracket leg, or someone else's order reducing the position); then the
 * broker's positions are compared with the lots that remain, so a position that vanished without a
 * fill we saw is still closed (at the price of the order that closed it), and a position no lot
 * explains is adopted.
 */
public final class Reconciliation {

    /** A fill younger than this keeps its symbol's position from being compared with the lots: the
     *  dispatcher's execution row for it may be about to arrive, or the positions may lag the fills. */
    public static final Duration ADOPTION_GRACE = Duration.ofMinutes(2);

    private final ExitSettings settings;

    public Reconciliation(ExitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * What sync knows at one tick.
     *
     * @param account       the account
     * @param lots          the active lots (open, closing, close_failed)
     * @param newFills      fills not yet accounted, any order
     * @param positions     the broker's positions, fetched before the fills
     * @param closedOrders  recently closed orders for symbols whose positions shrank
     * @param asOf          the tick
     * @param bookings      what earlier syncs booked from the orders of {@code newFills} before their fills were
     *                      published, and no fill has matched yet
     */
    public record Input(String account, List<Lot> lots, List<BrokerFill> newFills, List<BrokerPosition> positions,
                        List<BrokerOrder> closedOrders, Instant asOf, List<OrderBooking> bookings) {
        /** A sync with nothing booked from orders whose fills are now new. */
        public Input(String account, List<Lot> lots, List<BrokerFill> newFills, List<BrokerPosition> positions,
                     List<BrokerOrder> closedOrders, Instant asOf) {
            this(account, lots, newFills, positions, closedOrders, asOf, List.of());
        }
    }

    /** How a fill was accounted. */
    public enum Role { ENTRY, EXIT, UNMATCHED }

    /**
     * One fill's place in the ledger: every fill is accounted to at most one lot (the one that
     * took the largest part of it), or none when it opened something no lot explains yet.
     */
    public record FillAllocation(BrokerFill fill, Long lotId, Role role) {
    }

    /**
     * Part of a lot that the broker closed.
     *
     * @param lotId    the lot
     * @param quantity the quantity closed
     * @param price    the real fill price (or the closing order's average price)
     * @param reason   why: the bracket leg, our close, or someone else
     * @param orderId  the order that closed it, when known
     * @param at       when
     * @param source   {@code fill}, {@code order} or {@code position} (no fill or order found: last price)
     */
    public record LotExit(long lotId, BigDecimal quantity, BigDecimal price, CloseReason reason, String orderId,
                          Instant at, String source) {
    }

    /** Something that does not add up and that sync must not act on by itself. */
    public record Anomaly(String symbol, String message) {
    }

    /** The outcome: what to write. */
    public record Plan(List<FillAllocation> allocations, List<LotExit> exits, List<NewLot> adoptions,
                       List<Anomaly> anomalies) {
        /** The exits booked from a filled order's totals (no fill of it seen yet): kept, so that its late fills are no second sale. */
        public List<OrderBooking> orderBookings() {
            // one per order and lot (the store keeps one row each)
            Map<String, OrderBooking> byOrderAndLot = new LinkedHashMap<>();
            for (LotExit x : exits) {
                if (FROM_ORDER.equals(x.source()) && x.orderId() != null) {
                    byOrderAndLot.merge(x.orderId() + "/" + x.lotId(), new OrderBooking(x.orderId(), x.lotId(), x.quantity()),
                            (a, b) -> new OrderBooking(a.orderId(), a.lotId(), a.quantity().add(b.quantity())));
                }
            }
            return List.copyOf(byOrderAndLot.values());
        }
    }

    /** {@link LotExit#source()} of an exit booked from the order that closed the lot. */
    static final String FROM_ORDER = "order";

    public Plan plan(Input in) {
        Map<Long, BigDecimal> remaining = new HashMap<>();
        Map<String, Lot> byExitOrder = new HashMap<>();
        Map<String, Lot> byEntryOrder = new HashMap<>();
        Map<String, List<Lot>> bySymbol = new LinkedHashMap<>();
        List<Lot> sorted = new ArrayList<>(in.lots());
        sorted.sort(Comparator.comparing(Lot::entryTime).thenComparingLong(Lot::id));
        for (Lot lot : sorted) {
            remaining.put(lot.id(), lot.quantity());
            if (lot.closeOrderId() != null) {
                byExitOrder.put(lot.closeOrderId(), lot);
            }
            lot.legs().ids().forEach(id -> byExitOrder.put(id, lot));
            if (lot.entryOrderId() != null) {
                byEntryOrder.put(lot.entryOrderId(), lot);
            }
            bySymbol.computeIfAbsent(lot.symbol(), s -> new ArrayList<>()).add(lot);
        }
        Map<String, CloseReason> ownReasons = ownOrders(in, sorted, byExitOrder);

        List<FillAllocation> allocations = new ArrayList<>();
        List<LotExit> exits = new ArrayList<>();
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Instant> latestFill = new HashMap<>();
        List<BrokerFill> fills = new ArrayList<>(in.newFills());
        fills.sort(Comparator.comparing(BrokerFill::transactionTime).thenComparing(BrokerFill::id));
        Map<String, List<OrderBooking>> echoes = new HashMap<>();
        in.bookings().forEach(b -> echoes.computeIfAbsent(b.orderId(), k -> new ArrayList<>()).add(b));

        for (BrokerFill fill : fills) {
            latestFill.merge(fill.symbol(), fill.transactionTime(), (a, b) -> a.isAfter(b) ? a : b);
            // The late fill of an order an earlier sync booked from the order itself: that sale is booked already.
            Echo echo = absorb(echoes.get(fill.orderId()), fill.quantity());
            BigDecimal quantity = fill.quantity().subtract(echo.quantity());
            if (quantity.signum() == 0) {
                allocations.add(new FillAllocation(fill, echo.lotId(), Role.EXIT));
                continue;
            }
            Lot exitLot = byExitOrder.get(fill.orderId());
            if (exitLot != null && exitLot.side().closingOrderSide() == fill.side()) {
                CloseReason reason = exitLot.legs().reasonForLeg(fill.orderId());
                if (reason == null) {
                    reason = ownReasons.get(fill.orderId());
                }
                if (reason == null) {
                    reason = exitLot.closeReason() != null ? exitLot.closeReason() : CloseReason.MANUAL;
                }
                BigDecimal taken = take(remaining, exitLot, quantity);
                if (taken.signum() > 0) {
                    exits.add(new LotExit(exitLot.id(), taken, fill.price(), reason, fill.orderId(), fill.transactionTime(), "fill"));
                }
                BigDecimal rest = quantity.subtract(taken);
                if (rest.signum() > 0) {
                    distribute(fill, rest, bySymbol, remaining, exits, anomalies, exitLot.id());
                }
                allocations.add(new FillAllocation(fill, exitLot.id(), Role.EXIT));
                continue;
            }
            Lot entryLot = byEntryOrder.get(fill.orderId());
            if (entryLot != null && entryLot.side().openingOrderSide() == fill.side()) {
                allocations.add(new FillAllocation(fill, entryLot.id(), Role.ENTRY));
                continue;
            }
            Long owner = distribute(fill, quantity, bySymbol, remaining, exits, anomalies, echo.lotId());
            allocations.add(new FillAllocation(fill, owner, owner == null ? Role.UNMATCHED : Role.EXIT));
        }

        List<NewLot> adoptions = new ArrayList<>();
        Map<String, BrokerPosition> positions = new HashMap<>();
        in.positions().forEach(p -> positions.put(p.symbol(), p));
        Set<String> symbols = new LinkedHashSet<>(bySymbol.keySet());
        symbols.addAll(positions.keySet());
        for (String symbol : symbols) {
            BrokerPosition position = positions.get(symbol);
            BigDecimal held = position == null ? BigDecimal.ZERO : position.quantity();
            List<Lot> lots = bySymbol.getOrDefault(symbol, List.of()).stream()
                    .filter(l -> remaining.get(l.id()).signum() > 0).toList();
            BigDecimal tracked = lots.stream().map(l -> remaining.get(l.id()).multiply(l.side().sign()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            int cmp = held.compareTo(tracked);
            if (cmp == 0) {
                continue;
            }
            if (held.signum() != 0 && tracked.signum() != 0 && held.signum() != tracked.signum()) {
                anomalies.add(new Anomaly(symbol, "broker holds " + held.toPlainString() + " but lots hold "
                        + tracked.toPlainString() + ": opposite directions, nothing changed"));
                continue;
            }
            if (!isSettled(symbol, latestFill, in.asOf())) {
                // A fill this young may not show in the positions yet (or the reverse): decide next time.
                continue;
            }
            if (held.abs().compareTo(tracked.abs()) < 0) {
                closeMissing(symbol, tracked.abs().subtract(held.abs()), lots, remaining, in, exits);
            } else {
                PositionSide side = held.signum() > 0 ? PositionSide.LONG : PositionSide.SHORT;
                BigDecimal surplus = held.abs().subtract(tracked.abs());
                BigDecimal avg = position.avgEntryPrice() != null ? position.avgEntryPrice()
                        : position.currentPrice() != null ? position.currentPrice() : BigDecimal.ZERO;
                if (avg.signum() <= 0) {
                    anomalies.add(new Anomaly(symbol, "untracked position of " + surplus.toPlainString() + " has no price"));
                    continue;
                }
                adoptions.add(NewLot.adopted(in.account(), symbol, position.optionPosition(), side, surplus, avg, in.asOf(), settings));
            }
        }
        return new Plan(allocations, exits, adoptions, anomalies);
    }

    /**
     * Our own orders among the closed ones that no lot records yet — a re-armed pair, a close or a
     * scale-out whose answer was lost: the client order id names the lot, so their fills are that
     * lot's exits and not someone else's shared out first-in first-out (which would book them on
     * another lot of the symbol and leave this one holding what the broker already sold). Adds them
     * to {@code byExitOrder}; returns the reason of each pair's leg (a closing order has its lot's).
     */
    private static Map<String, CloseReason> ownOrders(Input in, List<Lot> lots, Map<String, Lot> byExitOrder) {
        Map<Long, Lot> byId = new HashMap<>();
        lots.forEach(l -> byId.put(l.id(), l));
        Map<String, CloseReason> reasons = new HashMap<>();
        for (BrokerOrder order : in.closedOrders()) {
            Optional<OwnOrderId> own = OwnOrderId.parse(order.clientOrderId()).filter(id -> id.account().equals(in.account()));
            Lot lot = own.map(id -> byId.get(id.lotId())).orElse(null);
            if (lot == null || !lot.symbol().equals(order.symbol())) {
                continue;
            }
            ProtectiveLegs pair = own.get().kind() == OwnOrderId.Kind.PROTECTION ? Protection.legsOf(order) : ProtectiveLegs.NONE;
            List<BrokerOrder> parts = new ArrayList<>();
            parts.add(order);
            parts.addAll(order.legs());
            for (BrokerOrder part : parts) {
                if (byExitOrder.putIfAbsent(part.id(), lot) == null && pair.reasonForLeg(part.id()) != null) {
                    reasons.put(part.id(), pair.reasonForLeg(part.id()));
                }
            }
        }
        return reasons;
    }

    /** What of a fill earlier bookings of its order already account for, and the lot that took the most of it. */
    private record Echo(BigDecimal quantity, Long lotId) {
        static final Echo NONE = new Echo(BigDecimal.ZERO, null);
    }

    /** Takes up to {@code quantity} from the order's bookings still unmatched, in the order given. */
    private static Echo absorb(List<OrderBooking> bookings, BigDecimal quantity) {
        if (bookings == null) {
            return Echo.NONE;
        }
        BigDecimal absorbed = BigDecimal.ZERO;
        BigDecimal largest = BigDecimal.ZERO;
        Long lot = null;
        for (int i = 0; i < bookings.size() && absorbed.compareTo(quantity) < 0; i++) {
            OrderBooking b = bookings.get(i);
            BigDecimal part = b.quantity().min(quantity.subtract(absorbed));
            if (part.signum() <= 0) {
                continue;
            }
            bookings.set(i, new OrderBooking(b.orderId(), b.lotId(), b.quantity().subtract(part)));
            absorbed = absorbed.add(part);
            if (part.compareTo(largest) > 0) {
                largest = part;
                lot = b.lotId();
            }
        }
        return new Echo(absorbed, lot);
    }

    private static boolean isSettled(String symbol, Map<String, Instant> latestFill, Instant asOf) {
        Instant last = latestFill.get(symbol);
        return last == null || last.isBefore(asOf.minus(ADOPTION_GRACE));
    }

    /** Someone else's order reduced the position: close lots first-in first-out. */
    private static Long distribute(BrokerFill fill, BigDecimal quantity, Map<String, List<Lot>> bySymbol,
                                   Map<Long, BigDecimal> remaining, List<LotExit> exits, List<Anomaly> anomalies, Long owner) {
        BigDecimal left = quantity;
        BigDecimal largest = BigDecimal.ZERO;
        for (Lot lot : closingFirst(bySymbol.getOrDefault(fill.symbol(), List.of()))) {
            if (left.signum() <= 0) {
                break;
            }
            if (lot.side().closingOrderSide() != fill.side()) {
                continue;
            }
            BigDecimal taken = take(remaining, lot, left);
            if (taken.signum() > 0) {
                CloseReason reason = lot.status() == LotStatus.CLOSING && lot.closeReason() != null
                        ? lot.closeReason() : CloseReason.CLOSED_EXTERNALLY;
                exits.add(new LotExit(lot.id(), taken, fill.price(), reason, fill.orderId(), fill.transactionTime(), "fill"));
                left = left.subtract(taken);
                if (taken.compareTo(largest) > 0) {
                    largest = taken;
                    owner = lot.id();
                }
            }
        }
        if (left.signum() > 0 && quantity.compareTo(left) != 0) {
            anomalies.add(new Anomaly(fill.symbol(), "fill " + fill.id() + " closed " + left.toPlainString() + " more than the lots held"));
        }
        return owner;
    }

    /** A position shrank with no fill seen: find the order that did it, else use the last price. */
    private static void closeMissing(String symbol, BigDecimal missing, List<Lot> lots, Map<Long, BigDecimal> remaining,
                                     Input in, List<LotExit> exits) {
        BigDecimal left = missing;
        for (Lot lot : closingFirst(lots)) {
            if (left.signum() <= 0) {
                break;
            }
            BrokerOrder order = closingOrder(lot, in.closedOrders());
            BigDecimal taken = take(remaining, lot, left);
            left = left.subtract(taken);
            if (order != null) {
                CloseReason reason = lot.legs().reasonForLeg(order.id());
                if (reason == null) {
                    reason = order.id().equals(lot.closeOrderId()) && lot.closeReason() != null ? lot.closeReason()
                            : lot.status() == LotStatus.CLOSING && lot.closeReason() != null ? lot.closeReason() : CloseReason.CLOSED_EXTERNALLY;
                }
                exits.add(new LotExit(lot.id(), taken, order.filledAvgPrice(), reason, order.id(),
                        order.filledAt() != null ? order.filledAt() : in.asOf(), FROM_ORDER));
            } else {
                BigDecimal last = lot.currentPrice() != null ? lot.currentPrice() : lot.entryPrice();
                CloseReason reason = lot.status() == LotStatus.CLOSING && lot.closeReason() != null ? lot.closeReason() : CloseReason.CLOSED_EXTERNALLY;
                exits.add(new LotExit(lot.id(), taken, last, reason, null, in.asOf(), "position"));
            }
        }
    }

    /** The filled order that most likely closed this lot: its own close order or leg, else any filled closing-side order. */
    private static BrokerOrder closingOrder(Lot lot, List<BrokerOrder> orders) {
        BrokerOrder best = null;
        for (BrokerOrder o : orders) {
            List<BrokerOrder> candidates = new ArrayList<>();
            candidates.add(o);
            candidates.addAll(o.legs());
            for (BrokerOrder c : candidates) {
                if (!lot.symbol().equals(c.symbol()) || c.side() != lot.side().closingOrderSide()
                        || c.filledAvgPrice() == null || c.filledQuantity().signum() <= 0) {
                    continue;
                }
                boolean own = c.id().equals(lot.closeOrderId()) || lot.legs().ids().contains(c.id());
                if (own) {
                    return c;
                }
                if (best == null || (c.filledAt() != null && best.filledAt() != null && c.filledAt().isAfter(best.filledAt()))) {
                    best = c;
                }
            }
        }
        return best;
    }

    private static List<Lot> closingFirst(List<Lot> lots) {
        List<Lot> ordered = new ArrayList<>(lots);
        ordered.sort(Comparator.comparing((Lot l) -> l.status() != LotStatus.CLOSING)
                .thenComparing(Lot::entryTime).thenComparingLong(Lot::id));
        return ordered;
    }

    private static BigDecimal take(Map<Long, BigDecimal> remaining, Lot lot, BigDecimal wanted) {
        BigDecimal have = remaining.get(lot.id());
        BigDecimal taken = have.min(wanted);
        remaining.put(lot.id(), have.subtract(taken));
        return taken;
    }
}
