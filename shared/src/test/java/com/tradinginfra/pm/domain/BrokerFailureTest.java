package com.tradinginfra.pm.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the error table in docs/ALPACA.md. */
class BrokerFailureTest {

    @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "404 | 40410000 | position does not exist | POSITION_NOT_FOUND | false",
            "403 | 40310000 | insufficient buying power | INSUFFICIENT_BUYING_POWER | false",
            "403 | 40310000 | insufficient options buying power for cash-secured put | INSUFFICIENT_BUYING_POWER | false",
            "403 | 40310000 | 'insufficient qty available for order (requested: 10, available: 0)' | INSUFFICIENT_QTY | true",
            "403 | 40310100 | trade denied due to pattern day trading protection | PATTERN_DAY_TRADING | false",
            "422 | 40010001 | client_order_id must be unique | DUPLICATE_CLIENT_ORDER_ID | false",
            "422 | 42210000 | options market orders are only allowed during market hours | MARKET_CLOSED | true",
            "429 | null | too many requests | RATE_LIMITED | true",
            "429 | null | null | RATE_LIMITED | true",
            "500 | null | internal server error | UNAVAILABLE | true",
            "503 | null | null | UNAVAILABLE | true",
            "502 | null | bad gateway | UNAVAILABLE | true",
            "0 | null | connect timed out | UNAVAILABLE | true",
    })
    void classifies(int status, Integer code, String message, BrokerFailure expected, boolean transientFailure) {
        BrokerFailure f = BrokerFailure.classify(status, code, message);
        assertThat(f).isEqualTo(expected);
        assertThat(f.isTransient()).isEqualTo(transientFailure);
    }

    @Test
    void theCodeAloneDecidesWhenTheMessageIsMissing() {
        assertThat(BrokerFailure.classify(404, 40410000, null)).isEqualTo(BrokerFailure.POSITION_NOT_FOUND);
        assertThat(BrokerFailure.classify(403, 40310100, null)).isEqualTo(BrokerFailure.PATTERN_DAY_TRADING);
        assertThat(BrokerFailure.classify(422, 40010001, null)).isEqualTo(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(BrokerFailure.classify(422, 42210000, null)).isEqualTo(BrokerFailure.MARKET_CLOSED);
    }

    @Test
    void messagesAreReadCaseInsensitively() {
        assertThat(BrokerFailure.classify(403, 40310000, "Insufficient Options Buying Power for cash-secured put"))
                .isEqualTo(BrokerFailure.INSUFFICIENT_BUYING_POWER);
        assertThat(BrokerFailure.classify(403, 40310000, "Insufficient qty available for order (requested: 5, available: 0)"))
                .isEqualTo(BrokerFailure.INSUFFICIENT_QTY);
    }

    @Test
    void aBuyingPowerRejectionIsNeverRetriedAsTransient() {
        // the cash-secured put that was retried forever
        BrokerException e = new BrokerException(BrokerFailure.classify(403, 40310000,
                "insufficient options buying power for cash-secured put"), 403, 40310000, "insufficient options buying power for cash-secured put");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("cash-secured put");
        assertThat(e.code()).contains(40310000);
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    /**
     * Alpaca answers every missing resource with 404 40410000 ("order not found", "account not found for ..."), not
     * only positions; the message tells them apart. Reading a missing order as a missing position would make a
     * close skip its lot as "position gone".
     */
    @Test
    void aMissingOrderIsNotAMissingPosition() {
        assertThat(BrokerFailure.classify(404, 40410000, "order not found")).isEqualTo(BrokerFailure.ORDER_NOT_FOUND);
        assertThat(BrokerFailure.classify(404, null, "order not found")).isEqualTo(BrokerFailure.ORDER_NOT_FOUND);
        assertThat(BrokerFailure.classify(404, null, "position does not exist")).isEqualTo(BrokerFailure.POSITION_NOT_FOUND);
    }

    @Test
    void otherRejectionsAreNotTransient() {
        BrokerFailure f = BrokerFailure.classify(400, 40010000, "invalid qty");
        assertThat(f).isEqualTo(BrokerFailure.REJECTED);
        assertThat(f.isTransient()).isFalse();
        assertThat(BrokerFailure.classify(403, 40310000, "forbidden")).isEqualTo(BrokerFailure.REJECTED);
    }
}
