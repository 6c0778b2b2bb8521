package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
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

    /** The order with this client order id, or empty when the broker has none (404). */
    Optional<BrokerOrder> orderByClientId(String clientOrderId);

    /** Submits a day market order. */
    BrokerOrder submit(OrderRequest request);

    /**
     * Cancels an order. Returns false when it was no longer cancelable (422) or not found (404):
     * both mean it no longer holds anything.
     */
    boolean cancel(String orderId);

    /**
     * FILL activities with {@code after < transaction_time <= until}, all pages, oldest first;
     * {@code until} null means up to now (sync reads fills after positions, so every change the
     * positions show is among the fills).
     */
    List<BrokerFill> fills(Instant after, Instant until);

    /** Latest trade prices of stocks: exactly one request for the whole collection. */
    Map<String, BigDecimal> stockPrices(Collection<String> symbols);

    /** Latest prices of option contracts by OCC symbol: one request for at most 100 symbols. */
    Map<String, BigDecimal> optionPrices(Collection<String> occSymbols);

    /** The regular session of a date from the broker's calendar, empty on a holiday or weekend. */
    Optional<MarketSession> session(LocalDate date);
}
