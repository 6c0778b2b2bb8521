package com.tradinginfra.pm.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static com.tradinginfra.pm.domain.LotStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

class LotStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "OPEN, OPEN, false",
            "OPEN, CLOSING, true",
            "OPEN, CLOSED, true",
            "OPEN, CLOSE_FAILED, false",
            "CLOSING, OPEN, true", // only a scale-out ends so (the store guards it)
            "CLOSING, CLOSING, false",
            "CLOSING, CLOSED, true",
            "CLOSING, CLOSE_FAILED, true",
            "CLOSED, OPEN, false",
            "CLOSED, CLOSING, false",
            "CLOSED, CLOSED, false",
            "CLOSED, CLOSE_FAILED, false",
            "CLOSE_FAILED, OPEN, false",
            "CLOSE_FAILED, CLOSING, true",
            "CLOSE_FAILED, CLOSED, true",
            "CLOSE_FAILED, CLOSE_FAILED, false",
    })
    void transitionTable(LotStatus from, LotStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void codesAreTheStoredForms() {
        assertThat(OPEN.code()).isEqualTo("open");
        assertThat(CLOSING.code()).isEqualTo("closing");
        assertThat(CLOSED.code()).isEqualTo("closed");
        assertThat(CLOSE_FAILED.code()).isEqualTo("close_failed");
        for (LotStatus s : values()) {
            assertThat(fromCode(s.code())).isEqualTo(s);
        }
        assertThat(activeCodes()).containsExactlyInAnyOrder("open", "closing", "close_failed");
        assertThat(CLOSED.isActive()).isFalse();
        assertThat(CLOSE_FAILED.isActive()).isTrue();
    }

    @Test
    void closeReasonCodesAreTheDesignsValues() {
        assertThat(java.util.Arrays.stream(CloseReason.values()).map(CloseReason::code))
                .containsExactlyInAnyOrder("stop_loss", "take_profit", "trailing_stop", "missing_brackets",
                        "day_trade_cutoff", "option_expiry", "max_hold_time", "closed_externally", "manual",
                        "partial_profit");
    }
}
