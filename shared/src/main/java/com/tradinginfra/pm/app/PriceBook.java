package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.ObservedPrice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Fetches the prices of many lots with the fewest broker requests: distinct symbols only, stocks
 * in batches of {@code stockBatchSize} per request, options in batches of 100. Each symbol's price
 * is its {@linkplain MarketPrice#freshest() freshest}: the newer of the last trade and the quote
 * midpoint, with its time (an option's last trade can be days old while its quote is current).
 *
 * <p>The batches go out {@link #IN_FLIGHT} at a time: with ~20 ms per request to the data API, a
 * 10,000-lot book's 24 requests one after another cost ~0.5 s of waiting. Alpaca limits the data API
 * by requests per minute (200 on the free plan), not by requests in flight, so concurrency does not
 * change what a sweep spends of that limit.
 *
 * <p>Each batch fails on its own: a batch the broker does not answer leaves its symbols unpriced and
 * the others' prices stand. A batch the broker refuses ({@link BrokerFailure#REJECTED}, e.g. one
 * malformed symbol) is split in halves and asked again, down to the single symbols it refuses, so a
 * bad symbol costs only itself (at most {@link #MAX_SPLIT_REQUESTS} extra requests a sweep). Only
 * when no request at all is answered, and not merely because of refused symbols, does the read
 * throw: then nothing is written and the sweep is retried whole.
 */
final class PriceBook {
    private static final Logger LOG = LoggerFactory.getLogger(PriceBook.class);
    /** Price requests in flight at once. */
    static final int IN_FLIGHT = 8;
    /** Extra requests one sweep may spend isolating refused symbols. */
    static final int MAX_SPLIT_REQUESTS = 16;
    /** Daemon threads shared by every sweep of the container, created on first use. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread t = new Thread(r, "price-batch");
        t.setDaemon(true);
        return t;
    });

    private final Broker broker;
    private final int stockBatchSize;

    PriceBook(Broker broker, int stockBatchSize) {
        this.broker = broker;
        this.stockBatchSize = stockBatchSize;
    }

    /** A batch the broker did not answer: its symbols have no price this sweep. */
    record FailedBatch(List<String> symbols, BrokerException error) {
    }

    /** The prices of one sweep, and the batches that failed. */
    record Prices(Map<String, ObservedPrice> bySymbol, List<FailedBatch> failures) {
        ObservedPrice of(String symbol) {
            return bySymbol.get(symbol);
        }
    }

    /** One request's symbols and the port method that prices them. */
    private record Batch(List<String> symbols, Function<Collection<String>, Map<String, MarketPrice>> read) {
    }

    /** What one batch brought back, possibly after splitting. */
    private static final class Answer {
        final Map<String, ObservedPrice> prices = new HashMap<>();
        final List<FailedBatch> failures = new ArrayList<>();
        int answered;
    }

    /**
     * The freshest price of every lot's symbol.
     *
     * @throws BrokerException when not one request was answered (other than refusals of bad symbols)
     */
    Prices pricesOf(List<Lot> lots) {
        TreeSet<String> stocks = new TreeSet<>();
        TreeSet<String> options = new TreeSet<>();
        for (Lot lot : lots) {
            (lot.isOption() ? options : stocks).add(lot.symbol());
        }
        List<Batch> batches = new ArrayList<>();
        for (List<String> b : batches(stocks, stockBatchSize)) {
            batches.add(new Batch(b, broker::stockMarketPrices));
        }
        for (List<String> b : batches(options, ManagerSettings.OPTION_BATCH_SIZE)) {
            batches.add(new Batch(b, broker::optionMarketPrices));
        }
        AtomicInteger splitBudget = new AtomicInteger(MAX_SPLIT_REQUESTS);
        List<Answer> answers = new ArrayList<>(batches.size());
        if (batches.size() <= 1) {
            batches.forEach(b -> answers.add(fetch(b, splitBudget)));
        } else {
            List<CompletableFuture<Answer>> inFlight = new ArrayList<>(batches.size());
            for (Batch b : batches) {
                inFlight.add(CompletableFuture.supplyAsync(() -> fetch(b, splitBudget), POOL));
            }
            for (CompletableFuture<Answer> f : inFlight) {
                answers.add(join(f));
            }
        }
        // Merged in batch order, whatever order the answers came in: the same book gives the same result.
        Map<String, ObservedPrice> prices = new HashMap<>();
        List<FailedBatch> failures = new ArrayList<>();
        int answered = 0;
        for (Answer a : answers) {
            prices.putAll(a.prices);
            failures.addAll(a.failures);
            answered += a.answered;
        }
        if (answered == 0 && !failures.isEmpty()
                && failures.stream().anyMatch(f -> f.error().failure() != BrokerFailure.REJECTED)) {
            throw failures.get(0).error();
        }
        for (FailedBatch f : failures) {
            LOG.warn("no prices for {} symbol(s) {}: {} {}", f.symbols().size(), range(f.symbols()), f.error().failure(),
                    f.error().getMessage());
        }
        return new Prices(prices, List.copyOf(failures));
    }

    private static Answer join(CompletableFuture<Answer> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            // fetch catches broker errors itself: anything else is a bug and surfaces as it is
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** One batch; a refused one is split in halves while the sweep's split budget lasts. */
    private Answer fetch(Batch batch, AtomicInteger splitBudget) {
        Answer answer = new Answer();
        fetchInto(batch.symbols(), batch.read(), splitBudget, answer);
        return answer;
    }

    private static void fetchInto(List<String> symbols, Function<Collection<String>, Map<String, MarketPrice>> read,
                                  AtomicInteger splitBudget, Answer into) {
        try {
            Map<String, MarketPrice> market = read.apply(symbols);
            into.answered++;
            market.forEach((symbol, price) -> price.freshest().ifPresent(p -> into.prices.put(symbol, p)));
        } catch (BrokerException e) {
            if (e.failure() == BrokerFailure.REJECTED && symbols.size() > 1 && splitBudget.addAndGet(-2) >= 0) {
                int half = symbols.size() / 2;
                fetchInto(symbols.subList(0, half), read, splitBudget, into);
                fetchInto(symbols.subList(half, symbols.size()), read, splitBudget, into);
            } else {
                into.failures.add(new FailedBatch(List.copyOf(symbols), e));
            }
        }
    }

    private static String range(List<String> symbols) {
        return symbols.size() == 1 ? symbols.get(0) : symbols.get(0) + "…" + symbols.get(symbols.size() - 1);
    }

    static List<List<String>> batches(TreeSet<String> symbols, int size) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>(Math.min(size, symbols.size()));
        for (String s : symbols) {
            current.add(s);
            if (current.size() == size) {
                out.add(current);
                current = new ArrayList<>(size);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
