package com.tradinginfra.pm.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class PnlPropertiesTest {

    @Property(tries = 300)
    void shortIsTheMirrorOfLongAndOptionsAreAHundredShares(@ForAll @IntRange(min = 1, max = 1_000_000) int entryCents,
                                                          @ForAll @IntRange(min = 1, max = 1_000_000) int priceCents,
                                                          @ForAll @IntRange(min = 1, max = 5000) int qty) {
        BigDecimal entry = BigDecimal.valueOf(entryCents, 2);
        BigDecimal price = BigDecimal.valueOf(priceCents, 2);
        BigDecimal q = BigDecimal.valueOf(qty);
        Pnl longPnl = Pnl.of(PositionSide.LONG, q, BigDecimal.ONE, entry, price);
        Pnl shortPnl = Pnl.of(PositionSide.SHORT, q, BigDecimal.ONE, entry, price);
        assertThat(longPnl.dollars()).isEqualByComparingTo(price.subtract(entry).multiply(q));
        assertThat(shortPnl.dollars()).isEqualByComparingTo(longPnl.dollars().negate());
        assertThat(shortPnl.percent()).isEqualByComparingTo(longPnl.percent().negate());
        assertThat(longPnl.percent().signum()).isEqualTo(price.compareTo(entry));
        Pnl option = Pnl.of(PositionSide.LONG, q, BigDecimal.valueOf(100), entry, price);
        assertThat(option.dollars()).isEqualByComparingTo(longPnl.dollars().multiply(BigDecimal.valueOf(100)));
        assertThat(option.percent()).isEqualByComparingTo(longPnl.percent());
        assertThat(longPnl.outcome()).isEqualTo(switch (price.compareTo(entry)) {
            case 1 -> "win";
            case -1 -> "loss";
            default -> "breakeven";
        });
    }
}
