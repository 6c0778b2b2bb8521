package com.tradinginfra.pm.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OwnOrderIdTest {
    @Test
    void everyIdWeMakeReadsBackToItsAccountLotKindAndNumber() {
        assertThat(OwnOrderId.parse(CloseOrderId.of("large", 42, 3))).contains(new OwnOrderId("large", 42, OwnOrderId.Kind.CLOSE, 3));
        assertThat(OwnOrderId.parse(CloseOrderId.partial("large", 42, 1)))
                .contains(new OwnOrderId("large", 42, OwnOrderId.Kind.SCALE_OUT, 1));
        assertThat(OwnOrderId.parse(ProtectionOrderId.of("large", 42, 2)))
                .contains(new OwnOrderId("large", 42, OwnOrderId.Kind.PROTECTION, 2));
    }

    @Test
    void anAccountNameWithDashesAndDigitsStaysWhole() {
        assertThat(OwnOrderId.parse(ProtectionOrderId.of("my-account-2", 7, 1)))
                .contains(new OwnOrderId("my-account-2", 7, OwnOrderId.Kind.PROTECTION, 1));
    }

    @Test
    void someoneElsesIdsAreNotOurs() {
        assertThat(OwnOrderId.parse(null)).isEmpty();
        assertThat(OwnOrderId.parse("")).isEmpty();
        assertThat(OwnOrderId.parse("3f1c1b9e-2a7c-4c8e-9b1e-6a2f0d9c1e11")).isEqualTo(Optional.empty());
        assertThat(OwnOrderId.parse("pm-large-x-1")).isEmpty();
        assertThat(OwnOrderId.parse("pm-large-42-p1")).isEmpty();
    }
}
