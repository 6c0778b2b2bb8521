package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.ObservedPrice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fetches the prices of many lots with the fewest broker requests: distinct symbols only, stocks
 * in batches of {@code stockBatchSize} per request, options in batches of 100. Each symbol's price
 * is its {@linkplain MarketPrice#freshest() freshest}: the newer of the last trade and the quote
 * midpoint, with its time (an option's last trade can be days old while its quote is current).
 */
final class PriceBook {
    private final Broker broker;
    private final int stockBatchSize;

    PriceBook(Broker broker, int stockBatchSize) {
        this.broker = broker;
        this.stockBatchSize = stockBatchSize;
    }

    Map<String, ObservedPrice> pricesOf(List<Lot> lots) {
        TreeSet<String> stocks = new TreeSet<>();
        TreeSet<String> options = new TreeSet<>();
        for (Lot lot : lots) {
            (lot.isOption() ? options : stocks).add(lot.symbol());
        }
        Map<String, ObservedPrice> prices = new HashMap<>();
        for (List<String> batch : batches(stocks, stockBatchSize)) {
            freshestInto(broker.stockMarketPrices(batch), prices);
        }
        for (List<String> batch : batches(options, ManagerSettings.OPTION_BATCH_SIZE)) {
            freshestInto(broker.optionMarketPrices(batch), prices);
        }
        return prices;
    }

    private static void freshestInto(Map<String, MarketPrice> market, Map<String, ObservedPrice> out) {
        market.forEach((symbol, price) -> price.freshest().ifPresent(p -> out.put(symbol, p)));
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
