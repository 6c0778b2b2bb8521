package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The broker port: everything the position manager asks of Alpaca. Every method either answers or
 * throws {@link BrokerException} with a classified {@link BrokerFailure}; none retries on its own
 * beyond what the implementation documents, so callers decide (SQS retries whole items).
 */
public interface Broker {

    /** All open positions of the account: one request. */
    List<BrokerPosition> positions();

    /** One position, or empty when the broker has none for the symbol (404 40410000). */
    Optional<BrokerPosition> position(String symbol);

    /** All open orders, with bracket legs nested in {@link BrokerOrder#legs()}. */
    List<BrokerOrder> openOrders();

    /** Orders that reached a final state after {@code after} for the given symbols (closing-order look-up). */
    List<BrokerOrder> closedOrders(Collection<String> symbols, Instant after);

    /**
     * Every order of the symbols, whatever its status, submitted after {@code after} (the broker's
     * submission time), oldest first, bracket legs nested in {@link BrokerOrder#legs()}: all pages.
     * One read serves a batch of closes (their client order ids and their legs' states).
     */
    List<BrokerOrder> ordersSince(Collection<String> symbols, Instant after);

    /** The order with this client order id, or empty when the broker has none (404). */
    Optional<BrokerOrder> orderByClientId(String clientOrderId);

    /** The order with this broker id, with its legs, or empty when the broker has none (404). */
    Optional<BrokerOrder> order(String orderId);

    /** Submits a day market order. */
    BrokerOrder submit(OrderRequest request);

    /**
     * Places a one-cancels-other pair protecting an existing position (a limit at the target, a stop at
     * the stop price), returned with its legs. Refused outside the session and for options.
     */
    BrokerOrder protect(ProtectionRequest request);

    /**
     * Asks the broker to cancel an order. True means the request was accepted, not that the order
     * has ended: a cancel is asynchronous, the order may be {@link BrokerOrderStatus#PENDING_CANCEL}
     * for a while, still holding its quantity, and may still fill; re-read it with
     * {@link #order(String)}. False means it was not cancelable (it usually has just filled) or not
     * found; re-read it too before relying on what it holds.
     */
    boolean cancel(String orderId);

    /**
     * FILL activities with {@code after < transaction_time <= until}, all pages, oldest first;
     * {@code until} null means up to now (sync reads fills after positions, so every change the
     * positions show is among the fills).
     */
    List<BrokerFill> fills(Instant after, Instant until);

    /** Last trade and quote of stocks, each with its time: exactly one request for the whole collection. */
    Map<String, MarketPrice> stockMarketPrices(Collection<String> symbols);

    /** Last trade and quote of option contracts by OCC symbol: one request for at most 100 symbols. */
    Map<String, MarketPrice> optionMarketPrices(Collection<String> occSymbols);

    /** The {@linkplain MarketPrice#freshest() freshest} price of each stock, without its time. */
    default Map<String, BigDecimal> stockPrices(Collection<String> symbols) {
        return freshestOf(stockMarketPrices(symbols));
    }

    /** The {@linkplain MarketPrice#freshest() freshest} price of each option contract, without its time. */
    default Map<String, BigDecimal> optionPrices(Collection<String> occSymbols) {
        return freshestOf(optionMarketPrices(occSymbols));
    }

    private static Map<String, BigDecimal> freshestOf(Map<String, MarketPrice> prices) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        prices.forEach((symbol, price) -> price.freshest().ifPresent(p -> out.put(symbol, p.price())));
        return out;
    }

    /** The regular session of a date from the broker's calendar, empty on a holiday or weekend. */
    Optional<MarketSession> session(LocalDate date);
}
