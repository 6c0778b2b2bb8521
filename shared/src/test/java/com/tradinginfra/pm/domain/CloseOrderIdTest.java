package com.tradinginfra.pm.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloseOrderIdTest {

    @Test
    void isDeterministic() {
        assertThat(CloseOrderId.of("large", 42, 1)).isEqualTo(CloseOrderId.of("large", 42, 1));
    }

    @Test
    void isDistinctPerAttemptLotAndAccount() {
        assertThat(CloseOrderId.of("large", 42, 1)).isNotEqualTo(CloseOrderId.of("large", 42, 2));
        assertThat(CloseOrderId.of("large", 42, 1)).isNotEqualTo(CloseOrderId.of("large", 43, 1));
        assertThat(CloseOrderId.of("large", 42, 1)).isNotEqualTo(CloseOrderId.of("tiny", 42, 1));
        // no concatenation ambiguity between lot and attempt
        assertThat(CloseOrderId.of("large", 1, 12)).isNotEqualTo(CloseOrderId.of("large", 11, 2));
    }

    @Test
    void aScaleOutAttemptNeverSharesAnIdWithAFullCloseOrAReArmedOco() {
        for (int n = 1; n <= 3; n++) {
            assertThat(CloseOrderId.partial("large", 42, n)).isNotEqualTo(CloseOrderId.of("large", 42, n))
                    .isNotEqualTo(ProtectionOrderId.of("large", 42, n));
        }
        assertThat(CloseOrderId.isPartial(ProtectionOrderId.of("large", 42, 1))).isFalse();
    }

    @Test
    void lotIdOfRoundTrips() {
        assertThat(CloseOrderId.lotIdOf(CloseOrderId.of("large", 42, 3))).isEqualTo(42);
        assertThat(CloseOrderId.lotIdOf(CloseOrderId.of("my-account-2", 7, 1))).isEqualTo(7);
    }

    @Test
    void lotIdOfSomeoneElsesIdIsMinusOne() {
        assertThat(CloseOrderId.lotIdOf(null)).isEqualTo(-1);
        assertThat(CloseOrderId.lotIdOf("")).isEqualTo(-1);
        assertThat(CloseOrderId.lotIdOf("3f1c1b9e-2a7c-4c8e-9b1e-6a2f0d9c1e11")).isEqualTo(-1);
        assertThat(CloseOrderId.lotIdOf("pm-large-x-1")).isEqualTo(-1);
    }

    @Test
    void attemptsCountFromOne() {
        assertThatThrownBy(() -> CloseOrderId.of("large", 42, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloseOrderId.of("large", 42, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fitsAlpacasClientOrderIdLimit() {
        String longest = CloseOrderId.of("a".repeat(50), Long.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(longest.length()).isLessThanOrEqualTo(128);
    }

    @Test
    void aLotsIdIsItsAccountsAndIdsCloseOrderId() {
        Lot l = lot().id(9).account("large").build();
        assertThat(l.closeClientOrderId(2)).isEqualTo(CloseOrderId.of("large", 9, 2));
    }

    @Property(tries = 300)
    void roundTripForAnyAccountName(@ForAll @AlphaChars @NumericChars @Chars({'-', '_', '.'}) @StringLength(min = 1, max = 50) String account,
                                    @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long lotId,
                                    @ForAll @IntRange(min = 1, max = 10_000) int attempt) {
        assertThat(CloseOrderId.lotIdOf(CloseOrderId.of(account, lotId, attempt))).isEqualTo(lotId);
    }
}
