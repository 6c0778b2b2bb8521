package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.Reconciliation.FillAllocation;
import com.tradinginfra.pm.domain.Reconciliation.LotExit;
import com.tradinginfra.pm.domain.Reconciliation.Plan;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of reconciliation over random lots, fills, positions and closed orders. */
class ReconciliationPropertiesTest {
    static final Instant AS_OF = Instant.parse("2026-11-20T18:00:00Z");
    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "GOOGL261218C00340000");
    final Reconciliation reconciliation = new Reconciliation(ExitSettings.defaults());

    record World(List<Lot> lots, List<BrokerFill> fills, List<BrokerPosition> positions, List<BrokerOrder> closedOrders) {
    }

    /** Order ids the fills may refer to: lots' legs, close and entry orders, and strangers. */
    static List<String> orderIds(int lots) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= lots; i++) {
            ids.add("stop-" + i);
            ids.add("target-" + i);
            ids.add("close-" + i);
            ids.add("entry-" + i);
        }
        ids.add("ext-1");
        ids.add("ext-2");
        return ids;
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<Integer> lotCount = Arbitraries.integers().between(0, 6);
        return lotCount.flatMap(n -> {
            Arbitrary<List<Lot>> lots = Combinators.combine(
                    Arbitraries.of(SYMBOLS), Arbitraries.of(PositionSide.class), Arbitraries.integers().between(1, 20),
                    Arbitraries.of(LotStatus.OPEN, LotStatus.CLOSING, LotStatus.CLOSE_FAILED),
                    Arbitraries.integers().between(0, 600), Arbitraries.of(true, false))
                    .as((sym, side, qty, status, age, legs) -> new Object[]{sym, side, qty, status, age, legs})
                    .list().ofSize(n)
                    .map(raw -> {
                        List<Lot> out = new ArrayList<>();
                        for (int i = 0; i < raw.size(); i++) {
                            Object[] r = raw.get(i);
                            long id = i + 1;
                            LotBuilder b = LotBuilder.lot().id(id).side((PositionSide) r[1]).quantity(String.valueOf(r[2]))
                                    .entryTime(AS_OF.minusSeconds(3600L + (Integer) r[4])).entryOrder("entry-" + id)
                                    .status((LotStatus) r[3]);
                            String sym = (String) r[0];
                            if (OccSymbol.looksLikeOcc(sym)) {
                                b.option(sym).entry("5");
                            } else {
                                b.stock(sym).entry("100");
                            }
                            if (b.side == PositionSide.LONG) {
                                b.stop(b.entryPrice.multiply(new BigDecimal("0.9")).toPlainString())
                                        .target(b.entryPrice.multiply(new BigDecimal("1.1")).toPlainString());
                            } else {
                                b.stop(b.entryPrice.multiply(new BigDecimal("1.1")).toPlainString())
                                        .target(b.entryPrice.multiply(new BigDecimal("0.9")).toPlainString());
                            }
                            if ((Boolean) r[5]) {
                                b.legs("stop-" + id, "target-" + id);
                            }
                            if (b.status != LotStatus.OPEN) {
                                b.closeReason = CloseReason.STOP_LOSS;
                                b.closeOrderId = "close-" + id;
                                b.closeAttempts = 1;
                            }
                            out.add(b.build());
                        }
                        return out;
                    });
            List<String> ids = orderIds(n);
            Arbitrary<List<BrokerFill>> fills = Combinators.combine(
                    Arbitraries.of(ids), Arbitraries.of(SYMBOLS), Arbitraries.of(OrderSide.class),
                    Arbitraries.integers().between(1, 30), Arbitraries.integers().between(1, 20000),
                    Arbitraries.integers().between(0, 900))
                    .as((order, sym, side, qty, cents, ago) -> new Object[]{order, sym, side, qty, cents, ago})
                    .list().ofMaxSize(8)
                    .map(raw -> {
                        List<BrokerFill> out = new ArrayList<>();
                        for (int i = 0; i < raw.size(); i++) {
                            Object[] r = raw.get(i);
                            out.add(new BrokerFill("fill-" + i, (String) r[0], (String) r[1], (OrderSide) r[2],
                                    BigDecimal.valueOf((Integer) r[3]), BigDecimal.valueOf((Integer) r[4], 2),
                                    AS_OF.minusSeconds((Integer) r[5])));
                        }
                        return out;
                    });
            Arbitrary<List<BrokerPosition>> positions = Combinators.combine(
                    Arbitraries.integers().between(-40, 40), Arbitraries.integers().between(-40, 40), Arbitraries.integers().between(-10, 10))
                    .as((a, m, o) -> {
                        List<BrokerPosition> out = new ArrayList<>();
                        int[] q = {a, m, o};
                        for (int i = 0; i < SYMBOLS.size(); i++) {
                            if (q[i] != 0) {
                                out.add(new BrokerPosition(SYMBOLS.get(i), i == 2, BigDecimal.valueOf(q[i]), BigDecimal.valueOf(q[i]),
                                        new BigDecimal(i == 2 ? "5" : "100"), null));
                            }
                        }
                        return out;
                    });
            Arbitrary<List<BrokerOrder>> orders = Combinators.combine(
                    Arbitraries.of(ids), Arbitraries.of(SYMBOLS), Arbitraries.of(OrderSide.class), Arbitraries.integers().between(1, 30))
                    .as((id, sym, side, qty) -> new BrokerOrder(id, null, sym, side, "market", "", BigDecimal.valueOf(qty),
                            BigDecimal.valueOf(qty), new BigDecimal("99.5"), BrokerOrderStatus.FILLED, AS_OF.minusSeconds(30), List.of()))
                    .list().ofMaxSize(3);
            return Combinators.combine(lots, fills, positions, orders).as(ReconciliationPropertiesTest::consistent);
        });
    }

    /** An order id belongs to one symbol at the broker: fills and orders of a lot's orders are of the lot's symbol. */
    static World consistent(List<Lot> lots, List<BrokerFill> fills, List<BrokerPosition> positions, List<BrokerOrder> orders) {
        Map<String, String> symbolOfOrder = new HashMap<>();
        for (Lot l : lots) {
            for (String prefix : List.of("stop-", "target-", "close-", "entry-")) {
                symbolOfOrder.put(prefix + l.id(), l.symbol());
            }
        }
        List<BrokerFill> f = fills.stream().map(x -> new BrokerFill(x.id(), x.orderId(),
                symbolOfOrder.getOrDefault(x.orderId(), x.symbol()), x.side(), x.quantity(), x.price(), x.transactionTime())).toList();
        List<BrokerOrder> o = orders.stream().map(x -> new BrokerOrder(x.id(), x.clientOrderId(),
                symbolOfOrder.getOrDefault(x.id(), x.symbol()), x.side(), x.type(), x.orderClass(), x.quantity(),
                x.filledQuantity(), x.filledAvgPrice(), x.status(), x.filledAt(), x.legs())).toList();
        return new World(lots, f, positions, o);
    }

    @Property(tries = 1000)
    void neverExitsMoreThanALotHoldsAndAccountsEveryFillOnce(@ForAll("worlds") World w) {
        Plan p = reconciliation.plan(new Reconciliation.Input("large", w.lots(), w.fills(), w.positions(), w.closedOrders(), AS_OF));

        // every input fill is allocated exactly once
        assertThat(p.allocations()).hasSameSizeAs(w.fills());
        Map<BrokerFill, Integer> seen = new IdentityHashMap<>();
        p.allocations().forEach(a -> seen.merge(a.fill(), 1, Integer::sum));
        for (BrokerFill f : w.fills()) {
            assertThat(seen.get(f)).as("allocations of %s", f.id()).isEqualTo(1);
        }

        Map<Long, Lot> lots = w.lots().stream().collect(Collectors.toMap(Lot::id, l -> l));
        Set<Long> ids = lots.keySet();
        for (FillAllocation a : p.allocations()) {
            if (a.lotId() != null) {
                assertThat(ids).contains(a.lotId());
                Lot owner = lots.get(a.lotId());
                assertThat(owner.symbol()).as("a fill is accounted to a lot of its symbol").isEqualTo(a.fill().symbol());
            }
            assertThat(a.role() == Reconciliation.Role.UNMATCHED).isEqualTo(a.lotId() == null);
        }

        // Σ exit quantity per lot ≤ lot quantity; every exit is positive, priced, of a known lot
        Map<Long, BigDecimal> out = new HashMap<>();
        for (LotExit x : p.exits()) {
            assertThat(ids).contains(x.lotId());
            assertThat(x.quantity().signum()).isPositive();
            assertThat(x.price()).isNotNull();
            assertThat(x.reason()).isNotNull();
            out.merge(x.lotId(), x.quantity(), BigDecimal::add);
        }
        out.forEach((id, q) -> assertThat(q).as("exits of lot %d", id).isLessThanOrEqualTo(lots.get(id).quantity()));

        // an exit that came from a fill is of the lot's symbol and on its closing side
        Map<String, BrokerFill> byOrder = new HashMap<>();
        for (LotExit x : p.exits()) {
            if ("fill".equals(x.source())) {
                Lot l = lots.get(x.lotId());
                boolean matching = w.fills().stream().anyMatch(f -> f.orderId().equals(x.orderId())
                        && f.symbol().equals(l.symbol()) && f.side() == l.side().closingOrderSide());
                assertThat(matching).as("exit %s matches a closing fill of its lot", x).isTrue();
            }
        }

        // adoptions never duplicate what lots already hold in the same direction
        for (NewLot a : p.adoptions()) {
            assertThat(a.quantity().signum()).isPositive();
            assertThat(a.executionId()).isNull();
        }
    }

    record Quiet(List<Lot> lots, Map<String, Integer> held) {
    }

    /** No new fills: per symbol, lots of one direction and a broker position. */
    @Provide
    Arbitrary<Quiet> quietWorlds() {
        Arbitrary<List<Object[]>> rawLots = Combinators.combine(Arbitraries.of(SYMBOLS), Arbitraries.integers().between(1, 20),
                Arbitraries.integers().between(0, 600)).as((sym, qty, age) -> new Object[]{sym, qty, age}).list().ofMaxSize(6);
        Arbitrary<Map<String, PositionSide>> direction = Combinators.combine(Arbitraries.of(PositionSide.class),
                Arbitraries.of(PositionSide.class), Arbitraries.of(PositionSide.class))
                .as((a, b, c) -> Map.of(SYMBOLS.get(0), a, SYMBOLS.get(1), b, SYMBOLS.get(2), c));
        Arbitrary<Map<String, Integer>> held = Combinators.combine(Arbitraries.integers().between(-60, 60),
                Arbitraries.integers().between(-60, 60), Arbitraries.integers().between(-60, 60))
                .as((a, b, c) -> Map.of(SYMBOLS.get(0), a, SYMBOLS.get(1), b, SYMBOLS.get(2), c));
        return Combinators.combine(rawLots, direction, held).as((raw, dir, h) -> {
            List<Lot> lots = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                Object[] r = raw.get(i);
                String sym = (String) r[0];
                PositionSide side = dir.get(sym);
                LotBuilder b = LotBuilder.lot().id(i + 1).side(side).quantity(String.valueOf(r[1]))
                        .entryTime(AS_OF.minusSeconds(3600L + (Integer) r[2])).current("99");
                if (OccSymbol.looksLikeOcc(sym)) {
                    b.option(sym).entry("5").stop(side == PositionSide.LONG ? "4" : "6").target(side == PositionSide.LONG ? "6" : "4");
                } else {
                    b.stock(sym).entry("100").stop(side == PositionSide.LONG ? "90" : "110").target(side == PositionSide.LONG ? "110" : "90");
                }
                lots.add(b.build());
            }
            return new Quiet(lots, h);
        });
    }

    @Property(tries = 500)
    void withoutFillsTheLotsAreBroughtToWhatTheBrokerHolds(@ForAll("quietWorlds") Quiet w) {
        List<BrokerPosition> positions = new ArrayList<>();
        w.held().forEach((sym, q) -> {
            if (q != 0) {
                positions.add(new BrokerPosition(sym, OccSymbol.looksLikeOcc(sym), BigDecimal.valueOf(q), BigDecimal.valueOf(q),
                        new BigDecimal("50"), null));
            }
        });
        Plan p = reconciliation.plan(new Reconciliation.Input("large", w.lots(), List.of(), positions, List.of(), AS_OF));
        assertThat(p.allocations()).isEmpty();
        Map<Long, Lot> byId = w.lots().stream().collect(Collectors.toMap(Lot::id, l -> l));
        for (String sym : SYMBOLS) {
            BigDecimal tracked = w.lots().stream().filter(l -> l.symbol().equals(sym))
                    .map(l -> l.quantity().multiply(l.side().sign())).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal held = BigDecimal.valueOf(w.held().get(sym));
            BigDecimal exited = p.exits().stream().filter(x -> byId.get(x.lotId()).symbol().equals(sym))
                    .map(LotExit::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal adopted = p.adoptions().stream().filter(a -> a.symbol().equals(sym))
                    .map(a -> a.quantity().multiply(a.side().sign())).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean opposite = held.signum() != 0 && tracked.signum() != 0 && held.signum() != tracked.signum();
            if (opposite) {
                assertThat(exited).as("%s: no exits on an anomaly", sym).isEqualByComparingTo("0");
                assertThat(adopted).as("%s: no adoption on an anomaly", sym).isEqualByComparingTo("0");
                assertThat(p.anomalies()).extracting(Reconciliation.Anomaly::symbol).contains(sym);
            } else if (held.abs().compareTo(tracked.abs()) < 0) {
                assertThat(exited).as("%s: closes exactly the missing quantity", sym).isEqualByComparingTo(tracked.abs().subtract(held.abs()));
                assertThat(adopted).isEqualByComparingTo("0");
            } else {
                assertThat(exited).as("%s: nothing closed", sym).isEqualByComparingTo("0");
                assertThat(adopted).as("%s: adopts exactly the surplus", sym).isEqualByComparingTo(held.subtract(tracked));
            }
        }
        for (LotExit x : p.exits()) {
            assertThat(x.source()).isEqualTo("position");
            assertThat(x.reason()).isEqualTo(CloseReason.CLOSED_EXTERNALLY);
        }
    }
}
