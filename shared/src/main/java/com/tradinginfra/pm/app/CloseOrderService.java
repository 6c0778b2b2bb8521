package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionStore;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Submits one lot's close, exactly once per attempt: the attempt's client order id is looked up
 * first, protective legs are cancelled, the quantity never exceeds what the broker holds, and an
 * option is closed by its OCC symbol. The fill itself is confirmed by the next sync.
 */
public final class CloseOrderService {
    private final ManagerSettings settings;
    private final PositionStore store;
    private final Broker broker;

    public CloseOrderService(ManagerSettings settings, PositionStore store, Broker broker) {
        this.settings = settings;
        this.store = store;
        this.broker = broker;
    }

    /**
     * Handles one request.
     *
     * @throws BrokerException for transient broker failures (429, 5xx, timeouts): the item is retried
     * @throws IllegalArgumentException for a request of another account or for an unknown lot
     */
    public CloseOutcome close(CloseRequest request) {
        if (!settings.account().equals(request.account())) {
            throw new IllegalArgumentException("close request for account '" + request.account()
                    + "' reached the stack of account '" + settings.account() + "'");
        }
        Lot lot = store.lot(settings.account(), request.lotId())
                .orElseThrow(() -> new IllegalArgumentException("lot " + request.lotId() + " does not exist in account "
                        + settings.account()));
        if (lot.status() != LotStatus.CLOSING) {
            return new CloseOutcome.Ignored("lot " + lot.id() + " is " + lot.status().code());
        }
        if (request.attempt() != lot.closeAttempts()) {
            return new CloseOutcome.Ignored("request is for attempt " + request.attempt() + ", lot is at attempt " + lot.closeAttempts());
        }
        String clientOrderId = lot.closeClientOrderId(request.attempt());
        Optional<BrokerOrder> existing = broker.orderByClientId(clientOrderId);
        if (existing.isPresent()) {
            store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, existing.get().id(), request.asOf());
            return new CloseOutcome.AlreadySubmitted(existing.get().id(), clientOrderId);
        }
        Optional<BrokerPosition> position = broker.position(lot.symbol());
        if (position.isEmpty() || position.get().side() != lot.side()) {
            String why = position.isEmpty() ? "the broker holds no " + lot.symbol()
                    : "the broker holds " + position.get().quantity().toPlainString() + " " + lot.symbol() + ", the other direction";
            event(lot, new AuditEvent.CloseSkipped(why, request.attempt()), request);
            return new CloseOutcome.PositionGone(why);
        }
        // Never sell more than the broker holds: a larger order would open the other side.
        BigDecimal quantity = lot.quantity().min(position.get().size());
        for (String leg : lot.legs().ids()) {
            broker.cancel(leg);
        }
        OrderRequest order = new OrderRequest(lot.symbol(), quantity, lot.side().closingOrderSide(), clientOrderId);
        try {
            BrokerOrder placed = submit(order, lot);
            store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, placed.id(), request.asOf());
            event(lot, new AuditEvent.CloseSubmitted(placed.id(), clientOrderId, lot.symbol(), order.side(), quantity,
                    request.reason()), request);
            return new CloseOutcome.Submitted(placed.id(), clientOrderId, quantity.toPlainString());
        } catch (BrokerException e) {
            return refusedOrRethrow(lot, request, clientOrderId, e);
        }
    }

    /** Submits; when open orders other than the lot's own legs hold the quantity, cancels them and tries once more. */
    private BrokerOrder submit(OrderRequest order, Lot lot) {
        try {
            return broker.submit(order);
        } catch (BrokerException e) {
            if (e.failure() != BrokerFailure.INSUFFICIENT_QTY) {
                throw e;
            }
            List<BrokerOrder> holding = broker.openOrders().stream()
                    .flatMap(o -> java.util.stream.Stream.concat(java.util.stream.Stream.of(o), o.legs().stream()))
                    .filter(o -> o.symbol().equals(lot.symbol()) && o.side() == order.side() && !o.isTerminal())
                    .toList();
            holding.forEach(o -> broker.cancel(o.id()));
            return broker.submit(order);
        }
    }

    private CloseOutcome refusedOrRethrow(Lot lot, CloseRequest request, String clientOrderId, BrokerException e) {
        switch (e.failure()) {
            case DUPLICATE_CLIENT_ORDER_ID -> {
                // Accepted on an earlier delivery whose response was lost: record it, never resend.
                Optional<BrokerOrder> found = broker.orderByClientId(clientOrderId);
                if (found.isPresent()) {
                    store.recordCloseOrder(lot.account(), lot.id(), request.attempt(), clientOrderId, found.get().id(), request.asOf());
                    return new CloseOutcome.AlreadySubmitted(found.get().id(), clientOrderId);
                }
                throw e;
            }
            case POSITION_NOT_FOUND -> {
                event(lot, new AuditEvent.CloseSkipped("position does not exist", request.attempt()), request);
                return new CloseOutcome.PositionGone("position does not exist");
            }
            case INSUFFICIENT_BUYING_POWER, PATTERN_DAY_TRADING, REJECTED, INSUFFICIENT_QTY, WASH_TRADE -> {
                // Not a glitch: retrying at once would storm the broker. Bounded attempts, then CLOSE_FAILED.
                int max = e.failure() == BrokerFailure.PATTERN_DAY_TRADING ? request.attempt() : settings.maxCloseAttempts();
                LotStatus status = store.closeRefused(lot.account(), lot.id(), request.attempt(), e.getMessage(), max, request.asOf())
                        .orElse(lot.status());
                String message = String.valueOf(e.getMessage());
                event(lot, status == LotStatus.CLOSE_FAILED
                        ? new AuditEvent.CloseFailed(request.attempt(), e.failure(), e.httpStatus(), message, status)
                        : new AuditEvent.CloseRefused(request.attempt(), e.failure(), e.httpStatus(), message, status), request);
                return new CloseOutcome.Refused(status, e.getMessage());
            }
            case MARKET_CLOSED -> {
                // Options cannot be closed outside the session: a new attempt is sent by sync once it opens.
                store.restartClose(lot.account(), lot.id(), request.attempt(), request.asOf());
                event(lot, new AuditEvent.CloseDeferred(request.attempt(), String.valueOf(e.getMessage())), request);
                return new CloseOutcome.Refused(LotStatus.CLOSING, e.getMessage());
            }
            default -> throw e;
        }
    }

    private void event(Lot lot, AuditEvent event, CloseRequest request) {
        store.append(List.of(PositionEvent.ofLot(lot, event, request.asOf())));
    }
}
