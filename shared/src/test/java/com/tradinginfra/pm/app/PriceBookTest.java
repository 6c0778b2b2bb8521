package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.Lot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PriceBook}: batches in flight together, each failing on its own. */
class PriceBookTest {
    private static final List<String> STOCKS = List.of("AAPL", "AMZN", "GOOGL", "META", "MSFT", "NVDA", "TSLA", "XOM", "JPM");
    private static final List<String> OPTIONS = List.of("AAPL261218C00200000", "MSFT261218P00350500");

    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession();
    /** Two stock symbols a request: 9 tickers are 5 stock requests, 2 contracts one option request. */
    private final PriceBook book = new PriceBook(broker, 2);

    private List<Lot> lots() {
        for (String s : STOCKS) {
            store.insert(Fixtures.longStock(s, "10", "100.00"), OPEN);
            store.insert(Fixtures.longStock(s, "5", "100.00"), OPEN); // a second lot: one symbol is asked once
            broker.price(s, "101.00");
        }
        for (String o : OPTIONS) {
            store.insert(Fixtures.longOption(o, "1", "2.00"), OPEN);
            broker.price(o, "2.50");
        }
        return store.openLots(ACCOUNT, 0, Long.MAX_VALUE);
    }

    // Threads: each of these ran 20 times as @RepeatedTest(20) before being reduced to one run.
    @Test
    void everySymbolIsAskedOnceInTheFewestRequestsWhateverOrderTheyRunIn() {
        PriceBook.Prices prices = book.pricesOf(lots());

        assertThat(prices.failures()).isEmpty();
        assertThat(prices.bySymbol()).hasSize(STOCKS.size() + OPTIONS.size());
        assertThat(broker.calls("stockPrices")).isEqualTo(5);
        assertThat(broker.calls("optionPrices")).isEqualTo(1);
        List<String> asked = new ArrayList<>();
        broker.priceRequests().forEach(asked::addAll);
        assertThat(asked).hasSize(STOCKS.size() + OPTIONS.size()).doesNotHaveDuplicates();
        assertThat(prices.of("JPM").price()).isEqualByComparingTo("101.00");
        assertThat(prices.of("MSFT261218P00350500").price()).isEqualByComparingTo("2.50");
    }

    @Test
    void aBatchTheBrokerDoesNotAnswerLosesOnlyItsOwnSymbols() {
        List<Lot> lots = lots();
        // batches in symbol order: [AAPL, AMZN] [GOOGL, JPM] [META, MSFT] [NVDA, TSLA] [XOM]
        broker.failPricesWith("JPM", -1, BrokerFailure.UNAVAILABLE, 503, "service unavailable");

        PriceBook.Prices prices = book.pricesOf(lots);

        assertThat(prices.bySymbol()).doesNotContainKeys("GOOGL", "JPM").hasSize(STOCKS.size() + OPTIONS.size() - 2);
        assertThat(prices.failures()).singleElement().satisfies(f -> {
            assertThat(f.symbols()).containsExactly("GOOGL", "JPM");
            assertThat(f.error().failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
        });
        assertThat(broker.calls("stockPrices")).as("an unanswered batch is not split").isEqualTo(5);
    }

    @Test
    void aRefusedSymbolIsIsolatedBySplittingItsBatchAndFailsOnlyItself() {
        List<Lot> lots = lots();
        broker.failPricesWith("META", -1, BrokerFailure.REJECTED, 400, "invalid symbol: META");

        PriceBook.Prices prices = book.pricesOf(lots);

        assertThat(prices.bySymbol()).doesNotContainKey("META").containsKey("MSFT").hasSize(STOCKS.size() + OPTIONS.size() - 1);
        assertThat(prices.failures()).singleElement().satisfies(f -> assertThat(f.symbols()).containsExactly("META"));
        assertThat(broker.calls("stockPrices")).as("5 batches, then [META] and [MSFT]").isEqualTo(7);
    }

    @Test
    void splittingIsBoundedPerSweep() {
        for (int i = 0; i < 64; i++) {
            String s = "S" + i;
            store.insert(Fixtures.longStock(s, "1", "10.00"), OPEN);
            broker.failPricesWith(s, -1, BrokerFailure.REJECTED, 400, "invalid symbol: " + s);
        }
        PriceBook wide = new PriceBook(broker, 64);

        PriceBook.Prices prices = wide.pricesOf(store.openLots(ACCOUNT, 0, Long.MAX_VALUE));

        assertThat(prices.bySymbol()).isEmpty();
        assertThat(broker.calls("stockPrices")).isEqualTo(1 + PriceBook.MAX_SPLIT_REQUESTS);
        assertThat(prices.failures()).flatExtracting(PriceBook.FailedBatch::symbols).hasSize(64);
    }

    @Test
    void whenNoRequestIsAnsweredTheReadThrowsSoNothingIsWritten() {
        List<Lot> lots = lots();
        for (String s : STOCKS) {
            broker.failPricesWith(s, -1, BrokerFailure.UNAVAILABLE, 503, "service unavailable");
        }
        for (String o : OPTIONS) {
            broker.failPricesWith(o, -1, BrokerFailure.RATE_LIMITED, 429, "rate limit exceeded");
        }

        assertThatThrownBy(() -> book.pricesOf(lots)).isInstanceOf(BrokerException.class)
                .extracting(e -> ((BrokerException) e).failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
    }

    @Test
    void aBookOfOnlyRefusedSymbolsIsNotRetriedWhole() {
        store.insert(Fixtures.longStock("BAD", "1", "10.00"), OPEN);
        broker.failPricesWith("BAD", -1, BrokerFailure.REJECTED, 400, "invalid symbol: BAD");

        PriceBook.Prices prices = book.pricesOf(store.openLots(ACCOUNT, 0, Long.MAX_VALUE));

        assertThat(prices.bySymbol()).isEmpty();
        assertThat(prices.failures()).singleElement().satisfies(f -> assertThat(f.symbols()).containsExactly("BAD"));
    }

    @Test
    void batchesFollowSymbolOrder() {
        TreeSet<String> symbols = new TreeSet<>(List.of("C", "A", "E", "B", "D"));
        assertThat(PriceBook.batches(symbols, 2)).containsExactly(List.of("A", "B"), List.of("C", "D"), List.of("E"));
    }
}
