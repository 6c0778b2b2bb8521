package com.tradinginfra.pm.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionFilledTest {
    @ParameterizedTest
    @CsvSource({"ALPACA_PAPER,FILLED,true", "LIVE,filled,true", "ALPACA_PAPER,PARTIALLY_FILLED,true", "SIMULATED,FILLED,false",
            "LIVE,NEW,false", "LIVE,CANCELED,false", "ALPACA_PAPER,,false", ",FILLED,false"})
    void onlyFilledPaperAndLiveExecutionsAreHeldAtTheBroker(String mode, String status, boolean filled) {
        Execution e = new Execution(UUID.randomUUID(), "large", "AAPL", "STOCK", null, "buy", BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.TEN, null, null, null, null, null, mode, status, null, null, null, null);
        assertThat(e.isFilledAtBroker()).isEqualTo(filled);
    }
}
