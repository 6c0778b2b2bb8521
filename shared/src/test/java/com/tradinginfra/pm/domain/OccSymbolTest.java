package com.tradinginfra.pm.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OccSymbolTest {

    @Test
    void parsesTheAlpacaExample() {
        OccSymbol occ = OccSymbol.parse("GOOGL260220C00340000");
        assertThat(occ.root()).isEqualTo("GOOGL");
        assertThat(occ.expiry()).isEqualTo(LocalDate.of(2026, 2, 20));
        assertThat(occ.type()).isEqualTo(InstrumentType.CALL);
        assertThat(occ.strike()).isEqualByComparingTo("340");
        assertThat(occ.format()).isEqualTo("GOOGL260220C00340000");
    }

    @Test
    void parsesAFractionalPutStrike() {
        OccSymbol occ = OccSymbol.parse("SPY251219P00450500");
        assertThat(occ.root()).isEqualTo("SPY");
        assertThat(occ.expiry()).isEqualTo(LocalDate.of(2025, 12, 19));
        assertThat(occ.type()).isEqualTo(InstrumentType.PUT);
        assertThat(occ.strike()).isEqualByComparingTo("450.5");
        assertThat(occ.format()).isEqualTo("SPY251219P00450500");
    }

    @Test
    void parsesThousandthsOfADollar() {
        assertThat(OccSymbol.parse("F260116C00012345").strike()).isEqualByComparingTo("12.345");
    }

    @Test
    void oneCharacterRoot() {
        OccSymbol occ = OccSymbol.parse("F260116C00012000");
        assertThat(occ.root()).isEqualTo("F");
        assertThat(occ.strike()).isEqualByComparingTo("12");
        assertThat(occ.expiry()).isEqualTo(LocalDate.of(2026, 1, 16));
        assertThat(occ.format()).isEqualTo("F260116C00012000");
    }

    @Test
    void sixCharacterRoot() {
        OccSymbol occ = OccSymbol.parse("GOOGLX260220P01234500");
        assertThat(occ.root()).isEqualTo("GOOGLX");
        assertThat(occ.type()).isEqualTo(InstrumentType.PUT);
        assertThat(occ.strike()).isEqualByComparingTo("1234.5");
        assertThat(occ.format()).isEqualTo("GOOGLX260220P01234500");
    }

    @Test
    void paddedOccFormParsesToTheUnpaddedSymbol() {
        OccSymbol padded = OccSymbol.parse("SPY   251219P00450500");
        assertThat(padded).isEqualTo(OccSymbol.parse("SPY251219P00450500"));
        assertThat(padded.format()).isEqualTo("SPY251219P00450500");
        assertThat(OccSymbol.parse("F     260116C00012000").root()).isEqualTo("F");
    }

    @Test
    void lowerCaseIsNormalisedToTheCanonicalUpperCaseSymbol() {
        OccSymbol occ = OccSymbol.parse("googl260220c00340000");
        assertThat(occ.root()).isEqualTo("GOOGL");
        assertThat(occ.type()).isEqualTo(InstrumentType.CALL);
        assertThat(occ.format()).isEqualTo("GOOGL260220C00340000");
    }

    @Test
    void toStringIsTheCanonicalForm() {
        assertThat(OccSymbol.parse("SPY   251219P00450500").toString()).isEqualTo("SPY251219P00450500");
    }

    @Test
    void rejectsTooShort() {
        assertThatThrownBy(() -> OccSymbol.parse("260220C00340000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("260220C00340000");
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOOGL");
    }

    @Test
    void rejectsTooLong() {
        assertThatThrownBy(() -> OccSymbol.parse("GOOGLEE260220C00340000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOOGLEE260220C00340000");
    }

    @Test
    void rejectsMissingAndBlank() {
        assertThatThrownBy(() -> OccSymbol.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> OccSymbol.parse("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }

    @Test
    void rejectsAnImpossibleDateNamingIt() {
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL261320C00340000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("261320").hasMessageContaining("date");
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL260230C00340000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("260230");
    }

    @Test
    void rejectsANonDigitDate() {
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL26AB20C00340000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("26AB20");
    }

    @Test
    void rejectsNeitherCallNorPut() {
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL260220X00340000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'X'").hasMessageContaining("C nor P");
    }

    @Test
    void rejectsANonDigitStrike() {
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL260220C0034000A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0034000A").hasMessageContaining("strike");
    }

    @Test
    void rejectsAZeroStrike() {
        assertThatThrownBy(() -> OccSymbol.parse("GOOGL260220C00000000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strike");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1OOGL260220C00340000", "GO-GL260220C00340000", "GO_L260220C00340000"})
    void rejectsABadRoot(String symbol) {
        assertThatThrownBy(() -> OccSymbol.parse(symbol))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root");
    }

    @Test
    void constructorRejectsStockTypeAndBadStrikes() {
        LocalDate d = LocalDate.of(2026, 2, 20);
        assertThatThrownBy(() -> new OccSymbol("GOOGL", d, InstrumentType.STOCK, BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OccSymbol("GOOGL", d, InstrumentType.CALL, new BigDecimal("1.0001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strike");
        assertThatThrownBy(() -> new OccSymbol("GOOGL", d, InstrumentType.CALL, new BigDecimal("100000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strike");
        assertThatThrownBy(() -> new OccSymbol("GOOGL", d, InstrumentType.CALL, new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strike");
    }

    @Test
    void looksLikeOcc() {
        assertThat(OccSymbol.looksLikeOcc("GOOGL260220C00340000")).isTrue();
        assertThat(OccSymbol.looksLikeOcc("GOOGL")).isFalse();
        assertThat(OccSymbol.looksLikeOcc("BRK.B")).isFalse();
        assertThat(OccSymbol.looksLikeOcc(null)).isFalse();
    }

    // --- expiry: 16:00 New York time on the expiry date, whatever the UTC offset ---

    @Test
    void expiresAtFourPmEasternStandardTimeBeforeTheMarchSwitch() {
        // 2026-03-06: EST (UTC-5), DST starts 2026-03-08
        assertThat(OccSymbol.parse("SPY260306C00450000").expiresAt()).isEqualTo(Instant.parse("2026-03-06T21:00:00Z"));
    }

    @Test
    void expiresAtFourPmEasternDaylightTimeAfterTheMarchSwitch() {
        assertThat(OccSymbol.parse("SPY260313C00450000").expiresAt()).isEqualTo(Instant.parse("2026-03-13T20:00:00Z"));
    }

    @Test
    void expiresAtFourPmAroundTheNovemberSwitch() {
        // DST ends 2026-11-01
        assertThat(OccSymbol.parse("SPY261030P00450000").expiresAt()).isEqualTo(Instant.parse("2026-10-30T20:00:00Z"));
        assertThat(OccSymbol.parse("SPY261106P00450000").expiresAt()).isEqualTo(Instant.parse("2026-11-06T21:00:00Z"));
    }

    @Test
    void expiresAtTheAlpacaExample() {
        assertThat(OccSymbol.parse("GOOGL260220C00340000").expiresAt()).isEqualTo(Instant.parse("2026-02-20T21:00:00Z"));
    }

    // --- properties ---

    @Provide
    Arbitrary<String> validSymbols() {
        Arbitrary<String> root = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<LocalDate> date = Arbitraries.integers().between(0, 365 * 99 + 20)
                .map(n -> LocalDate.of(2000, 1, 1).plusDays(n));
        Arbitrary<Character> right = Arbitraries.of('C', 'P');
        Arbitrary<Integer> strike = Arbitraries.integers().between(1, 99_999_999);
        return Combinators.combine(root, date, right, strike).as((r, d, c, s) ->
                r + String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth()) + c
                        + String.format("%08d", s));
    }

    @Property(tries = 500)
    void formatOfParseIsTheSymbol(@ForAll("validSymbols") String symbol) {
        assertThat(OccSymbol.parse(symbol).format()).isEqualTo(symbol);
    }

    @Provide
    Arbitrary<OccSymbol> contracts() {
        Arbitrary<String> root = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<LocalDate> date = Arbitraries.integers().between(0, 365 * 99 + 20)
                .map(n -> LocalDate.of(2000, 1, 1).plusDays(n));
        Arbitrary<InstrumentType> type = Arbitraries.of(InstrumentType.CALL, InstrumentType.PUT);
        Arbitrary<BigDecimal> strike = Arbitraries.integers().between(1, 99_999_999)
                .map(n -> BigDecimal.valueOf(n).movePointLeft(3));
        return Combinators.combine(root, date, type, strike).as(OccSymbol::new);
    }

    @Property(tries = 500)
    void parseOfFormatIsTheContract(@ForAll("contracts") OccSymbol occ) {
        OccSymbol back = OccSymbol.parse(occ.format());
        assertThat(back.root()).isEqualTo(occ.root());
        assertThat(back.expiry()).isEqualTo(occ.expiry());
        assertThat(back.type()).isEqualTo(occ.type());
        assertThat(back.strike()).isEqualByComparingTo(occ.strike());
        assertThat(back.format()).isEqualTo(occ.format());
        assertThat(back).isEqualTo(occ);
    }

    @Property(tries = 200)
    void expiryIsAlwaysFourPmInNewYork(@ForAll("contracts") OccSymbol occ) {
        var ny = occ.expiresAt().atZone(MarketSession.NEW_YORK);
        assertThat(ny.toLocalDate()).isEqualTo(occ.expiry());
        assertThat(ny.getHour()).isEqualTo(16);
        assertThat(ny.getMinute()).isZero();
    }

    // --- format without String.format: the same text as the pattern it replaced ---

    @ParameterizedTest
    @ValueSource(strings = {"5.5:00005500", "1234.5:01234500", "0.5:00000500", "0.001:00000001", "99999.999:99999999",
            "5.50000:00005500", "5E+1:00050000", "340:00340000", "12.125:00012125"})
    void formatsStrikesAsEightDigitThousandths(String strikeAndDigits) {
        String[] f = strikeAndDigits.split(":");
        OccSymbol occ = new OccSymbol("SPY", LocalDate.of(2026, 3, 6), InstrumentType.PUT, new BigDecimal(f[0]));
        assertThat(occ.format()).isEqualTo("SPY260306P" + f[1]);
    }

    @Test
    void padsYearMonthAndDayToTwoDigits() {
        assertThat(new OccSymbol("A", LocalDate.of(2000, 1, 2), InstrumentType.CALL, new BigDecimal("1")).format())
                .isEqualTo("A000102C00001000");
        assertThat(new OccSymbol("BRK.B", LocalDate.of(2099, 12, 31), InstrumentType.PUT, new BigDecimal("450")).format())
                .isEqualTo("BRK.B991231P00450000");
    }

    @Property(tries = 500)
    void formatIsTheFormatPatternItReplaced(@ForAll("contracts") OccSymbol occ) {
        String byPattern = occ.root() + String.format("%02d%02d%02d", occ.expiry().getYear() % 100, occ.expiry().getMonthValue(),
                occ.expiry().getDayOfMonth()) + (occ.type() == InstrumentType.CALL ? 'C' : 'P')
                + String.format("%08d", occ.strike().multiply(BigDecimal.valueOf(1000)).longValueExact());
        assertThat(occ.format()).isEqualTo(byPattern);
    }
}
