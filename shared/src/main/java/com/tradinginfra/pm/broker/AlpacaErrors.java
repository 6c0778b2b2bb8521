package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerFailure;

import java.util.List;
import java.util.Locale;

/**
 * Alpaca's error answers and what they mean: the only place that knows Alpaca's HTTP statuses,
 * codes and message texts. Alpaca reuses its codes for unrelated refusals (422 {@code 40010001} is
 * its generic validation code, 422 {@code 42210000} is generic too), so an answer is read by status,
 * code and message together; an answer not understood is a {@link BrokerFailure#REJECTED} refusal
 * that carries Alpaca's message. Sources of every row: docs/BROKER-ERRORS.md and the recorded bodies
 * in shared/src/test/resources/alpaca-recorded.
 */
final class AlpacaErrors {

    /** An answer Alpaca is known to give: HTTP status, code (null: any or none) and the message's start. */
    private record Known(int status, Integer code, String message, BrokerFailure failure) {
        boolean matches(int s, Integer c, String text) {
            return status == s && (code == null || code.equals(c)) && (message == null || text.startsWith(message));
        }
    }

    private static final List<Known> KNOWN = List.of(
            // Only this message means a duplicate (alpaca-py issue 260); 40010001 is otherwise generic validation.
            new Known(422, 40010001, "client_order_id must be unique", BrokerFailure.DUPLICATE_CLIENT_ORDER_ID),
            new Known(422, 42210000, "options market orders are only allowed during market hours", BrokerFailure.MARKET_CLOSED),
            // Petersoj/alpaca-java issue 145 (422); forum.alpaca.markets/t/13817 (the same text as 403 40310000).
            new Known(422, 42210000, "potential wash trade detected", BrokerFailure.WASH_TRADE),
            new Known(403, 40310000, "potential wash trade detected", BrokerFailure.WASH_TRADE),
            new Known(422, 42210000, "order is not cancelable", BrokerFailure.NOT_CANCELABLE),
            // With held_for_orders and related_orders (forum.alpaca.markets/t/16594).
            new Known(403, 40310000, "insufficient qty available", BrokerFailure.INSUFFICIENT_QTY),
            new Known(403, 40310000, "insufficient buying power", BrokerFailure.INSUFFICIENT_BUYING_POWER),
            new Known(403, 40310000, "insufficient options buying power", BrokerFailure.INSUFFICIENT_BUYING_POWER),
            new Known(403, 40310100, null, BrokerFailure.PATTERN_DAY_TRADING),
            // 40410000 answers every missing resource: the message tells an order from a position.
            new Known(404, null, "order not found", BrokerFailure.ORDER_NOT_FOUND),
            new Known(404, null, "position does not exist", BrokerFailure.POSITION_NOT_FOUND),
            new Known(404, null, "position not found", BrokerFailure.POSITION_NOT_FOUND));

    private AlpacaErrors() {
    }

    /**
     * What an error answer means.
     *
     * @param httpStatus the HTTP status, or 0 when no answer arrived (I/O error, timeout)
     * @param code       Alpaca's numeric {@code code}, null when the body has none
     * @param message    Alpaca's {@code message}, null when the body has none
     */
    static BrokerFailure classify(int httpStatus, Integer code, String message) {
        if (httpStatus == 0 || httpStatus >= 500) {
            return BrokerFailure.UNAVAILABLE;
        }
        if (httpStatus == 429) {
            return BrokerFailure.RATE_LIMITED;
        }
        String text = normalised(message);
        // Bad or rotated keys: 401 {"message":"unauthorized"} without a code (or 40110000). A 403 without
        // a code ("forbidden.", alpacahq/Alpaca-API issue 228) answers every request of keys that lack
        // access to this API; neither is the lot's fault.
        if (httpStatus == 401 || (httpStatus == 403 && code == null && text.startsWith("forbidden"))) {
            return BrokerFailure.AUTHENTICATION;
        }
        for (Known known : KNOWN) {
            if (known.matches(httpStatus, code, text)) {
                return known.failure();
            }
        }
        if (httpStatus == 404) {
            // A 404 with a message we do not know: the resource asked for is missing. The port's
            // methods that ask for orders read any 404 as "no such order" themselves.
            return code != null && code == 40410000 ? BrokerFailure.POSITION_NOT_FOUND : BrokerFailure.ORDER_NOT_FOUND;
        }
        return BrokerFailure.REJECTED;
    }

    private static String normalised(String message) {
        return message == null ? "" : message.trim().toLowerCase(Locale.ROOT);
    }
}
