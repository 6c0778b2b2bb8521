package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Alpaca's error answers read by status, code and message together (docs/BROKER-ERRORS.md). */
class AlpacaErrorsTest {

    @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "404 | 40410000 | position does not exist | POSITION_NOT_FOUND | false",
            "403 | 40310000 | insufficient buying power | INSUFFICIENT_BUYING_POWER | false",
            "403 | 40310000 | insufficient options buying power for cash-secured put | INSUFFICIENT_BUYING_POWER | false",
            "403 | 40310000 | 'insufficient qty available for order (requested: 10, available: 0)' | INSUFFICIENT_QTY | true",
            "403 | 40310100 | trade denied due to pattern day trading protection | PATTERN_DAY_TRADING | false",
            "422 | 40010001 | client_order_id must be unique | DUPLICATE_CLIENT_ORDER_ID | false",
            "422 | 42210000 | options market orders are only allowed during market hours | MARKET_CLOSED | true",
            "422 | 42210000 | potential wash trade detected. use complex orders | WASH_TRADE | false",
            "403 | 40310000 | potential wash trade detected. use complex orders | WASH_TRADE | false",
            "422 | 42210000 | order is not cancelable | NOT_CANCELABLE | false",
            "401 | null | unauthorized | AUTHENTICATION | false",
            "401 | null | unauthorized. | AUTHENTICATION | false",
            "401 | 40110000 | request is not authorized | AUTHENTICATION | false",
            "403 | null | forbidden. | AUTHENTICATION | false",
            "429 | null | too many requests | RATE_LIMITED | true",
            "429 | null | null | RATE_LIMITED | true",
            "500 | null | internal server error | UNAVAILABLE | true",
            "503 | null | null | UNAVAILABLE | true",
            "502 | null | bad gateway | UNAVAILABLE | true",
            "0 | null | connect timed out | UNAVAILABLE | true",
    })
    void classifies(int status, Integer code, String message, BrokerFailure expected, boolean transientFailure) {
        BrokerFailure f = AlpacaErrors.classify(status, code, message);
        assertThat(f).isEqualTo(expected);
        assertThat(f.isTransient()).isEqualTo(transientFailure);
    }

    /** 40010001 is Alpaca's generic validation code: only one message means a duplicate client order id. */
    @ParameterizedTest(name = "422 40010001 \"{0}\" is a refusal, not a duplicate")
    @CsvSource(delimiter = '|', value = {
            "qty must be integer",
            "qty or notional is required",
            "only one of qty or notional is accepted",
            "order_id is missing",
            "us_equity orders not allowed for account",
            "bracket orders must be market or limit orders",
    })
    void otherValidationMessagesOf40010001AreRefusals(String message) {
        assertThat(AlpacaErrors.classify(422, 40010001, message)).isEqualTo(BrokerFailure.REJECTED);
    }

    /** 42210000 is generic too: market hours, wash trade and not-cancelable have their meanings, the rest is a refusal. */
    @Test
    void otherMessagesOf42210000AreRefusals() {
        assertThat(AlpacaErrors.classify(422, 42210000, "bracket orders must be entry orders")).isEqualTo(BrokerFailure.REJECTED);
        assertThat(AlpacaErrors.classify(422, 42210000, "error")).isEqualTo(BrokerFailure.REJECTED);
        assertThat(AlpacaErrors.classify(422, 42210000, null)).isEqualTo(BrokerFailure.REJECTED);
    }

    @Test
    void aCodeWithoutItsMessageIsNotEnoughForTheReusedCodes() {
        assertThat(AlpacaErrors.classify(422, 40010001, null)).isEqualTo(BrokerFailure.REJECTED);
        assertThat(AlpacaErrors.classify(404, 40410000, null)).isEqualTo(BrokerFailure.POSITION_NOT_FOUND);
        assertThat(AlpacaErrors.classify(403, 40310100, null)).isEqualTo(BrokerFailure.PATTERN_DAY_TRADING);
    }

    @Test
    void messagesAreReadCaseInsensitively() {
        assertThat(AlpacaErrors.classify(403, 40310000, "Insufficient Options Buying Power for cash-secured put"))
                .isEqualTo(BrokerFailure.INSUFFICIENT_BUYING_POWER);
        assertThat(AlpacaErrors.classify(403, 40310000, "Insufficient qty available for order (requested: 5, available: 0)"))
                .isEqualTo(BrokerFailure.INSUFFICIENT_QTY);
        assertThat(AlpacaErrors.classify(422, 40010001, " Client_Order_ID must be unique ")).isEqualTo(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID);
    }

    @Test
    void aBuyingPowerRejectionIsNeverRetriedAsTransient() {
        // the cash-secured put that was retried forever
        String message = "insufficient options buying power for cash-secured put";
        BrokerException e = new BrokerException(AlpacaErrors.classify(403, 40310000, message), 403, 40310000, message);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("cash-secured put");
        assertThat(e.code()).contains(40310000);
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    /**
     * Alpaca answers every missing resource with 404 40410000 ("order not found", ...), not only positions; the message
     * tells them apart. Reading a missing order as a missing position would make a close skip its lot as "position gone".
     */
    @Test
    void aMissingOrderIsNotAMissingPosition() {
        assertThat(AlpacaErrors.classify(404, 40410000, "order not found")).isEqualTo(BrokerFailure.ORDER_NOT_FOUND);
        assertThat(AlpacaErrors.classify(404, null, "order not found")).isEqualTo(BrokerFailure.ORDER_NOT_FOUND);
        assertThat(AlpacaErrors.classify(404, null, "position does not exist")).isEqualTo(BrokerFailure.POSITION_NOT_FOUND);
    }

    @Test
    void otherRejectionsAreRefusalsOfTheOrderAndNotTransient() {
        BrokerFailure f = AlpacaErrors.classify(400, 40010000, "invalid qty");
        assertThat(f).isEqualTo(BrokerFailure.REJECTED);
        assertThat(f.isTransient()).isFalse();
        assertThat(f.isRefusalOfTheOrder()).isTrue();
        assertThat(AlpacaErrors.classify(403, 40310000, "forbidden")).isEqualTo(BrokerFailure.REJECTED);
        assertThat(AlpacaErrors.classify(403, 10041, "Order failed")).isEqualTo(BrokerFailure.REJECTED);
    }

    @Test
    void anAuthenticationFailureIsNeitherTransientNorARefusalOfTheOrder() {
        assertThat(BrokerFailure.AUTHENTICATION.isTransient()).isFalse();
        assertThat(BrokerFailure.AUTHENTICATION.isRefusalOfTheOrder()).isFalse();
        assertThat(BrokerFailure.WASH_TRADE.isRefusalOfTheOrder()).isTrue();
    }
}
