package com.tradinginfra.pm.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrimingTest {
    @Test
    void warmUpRunsTheHotPathsWithoutAnyInfrastructure() {
        // No database, broker or queue exists in this test: priming must not need one.
        assertThat(Priming.warmUp()).isEqualTo(2_000);
    }

    @Test
    void registeringTwiceRegistersOnce() {
        Priming.register();
        Priming.register();
    }
}
