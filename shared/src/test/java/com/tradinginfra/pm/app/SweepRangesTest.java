package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.NewLot;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A book larger than {@code LOTS_PER_SWEEP}, from sync's fan-out through every range's sweep: each
 * symbol's price is asked once per sweep slot, however the lots' ids interleave their symbols.
 */
class SweepRangesTest {
    private static final Instant TICK = OPEN.plus(Duration.ofMinutes(10));
    private static final List<String> SYMBOLS = List.of("AAPL", "AMZN", "GOOGL", "META", "MSFT", "NVDA", "TSLA",
            "AAPL261218C00200000", "MSFT261218P00350500", "TSLA261218C00250000");

    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession().at(TICK);
    private final FakeOutbound outbound = new FakeOutbound();
    private final ManagerSettings settings = Fixtures.settings().withLotsPerSweep(12).withSweepsPerMinute(2);

    @Test
    void aMultiRangeBookAsksEachSymbolOncePerSweep() {
        // 60 lots, ids cycling through the symbols: every lot-id range of 12 would hold all 10 symbols
        Map<String, BigDecimal> held = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            String symbol = SYMBOLS.get(i % SYMBOLS.size());
            boolean option = symbol.length() > 12;
            NewLot lot = option ? Fixtures.longOption(symbol, "1", "5.00") : Fixtures.longStock(symbol, "1", "100.00");
            store.insert(lot, OPEN);
            held.merge(symbol, BigDecimal.ONE, BigDecimal::add);
        }
        held.forEach((symbol, qty) -> broker.holding(symbol, qty.toPlainString(), symbol.length() > 12 ? "5.00" : "100.00")
                .price(symbol, symbol.length() > 12 ? "5.05" : "100.50"));

        new SyncService(settings, store, broker, outbound).sync(TICK);
        List<SweepRequest> requests = outbound.sweeps().stream().map(Outbound.DelayedSweep::request).toList();
        assertThat(requests).as("5 ranges of 12 lots, 2 slots").hasSize(10);

        SweepService sweeps = new SweepService(settings, store, broker, outbound);
        int before = broker.priceRequests().size();
        Map<Instant, List<Long>> sweptAt = new TreeMap<>();
        for (SweepRequest r : requests) {
            SweepReport report = sweeps.sweep(r);
            assertThat(report.skipped()).isNull();
            assertThat(report.priced()).isEqualTo(report.lots());
            List<Long> ids = store.openLots(ACCOUNT, 0, Long.MAX_VALUE, r.fromSymbol(), r.toSymbol()).stream().map(Lot::id).toList();
            sweptAt.computeIfAbsent(r.asOf(), k -> new ArrayList<>()).addAll(ids);
        }

        assertThat(sweptAt).hasSize(2).allSatisfy((at, ids) -> assertThat(ids).hasSize(60).doesNotHaveDuplicates());
        List<List<String>> priceRequests = broker.priceRequests().subList(before, broker.priceRequests().size());
        List<String> asked = new ArrayList<>();
        priceRequests.forEach(asked::addAll);
        assertThat(asked).as("each symbol once in each of the 2 slots").hasSize(2 * SYMBOLS.size());
        assertThat(asked.stream().distinct()).hasSize(SYMBOLS.size());
        // lot-id ranges of 12 would each have asked for all 10 symbols: 5 × 10 symbols a slot instead of 10
        assertThat(priceRequests).as("at most one stock and one option request per range and slot").hasSizeLessThanOrEqualTo(2 * 5 * 2);
        assertThat(broker.calls("stockPrices") + broker.calls("optionPrices")).isEqualTo(before + priceRequests.size());
    }
}
