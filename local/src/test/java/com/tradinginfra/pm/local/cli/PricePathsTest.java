package com.tradinginfra.pm.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricePathsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Instant OPEN = Instant.parse("2026-11-23T14:30:00Z"); // 09:30 New York

    private static PricePaths paths(long seed) {
        return PricePaths.generate(Map.of("AAPL", new PricePaths.Walk(100, 0.02),
                "MSFT", new PricePaths.Scripted(new double[][]{{0, 400}, {10, 410}}, 0)), seed, OPEN, 120);
    }

    @Test
    void theSameSeedGivesTheSamePathsAndAnotherSeedAnother() {
        PricePaths a = paths(1);
        PricePaths b = paths(1);
        PricePaths c = paths(2);
        boolean differs = false;
        for (int i = 0; i < 120; i++) {
            assertThat(a.at("AAPL", i)).isEqualTo(b.at("AAPL", i));
            differs |= !a.at("AAPL", i).equals(c.at("AAPL", i));
        }
        assertThat(differs).isTrue();
        assertThat(a.at("MSFT", 0)).isEqualByComparingTo("400");
        assertThat(a.at("MSFT", OPEN.plusSeconds(300))).isEqualByComparingTo("405"); // halfway between the waypoints
        assertThat(a.at("MSFT", OPEN.plusSeconds(1200))).isEqualByComparingTo("410"); // held after the last
    }

    @Test
    void aCsvReplacesTheSymbolsItNamesLinearlyBetweenRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("prices.csv");
        Files.writeString(csv, "time,symbol,price\n09:35,aapl,50\n09:40:00,AAPL,60\n2026-11-23T14:50:00Z,IBM,200\n");
        PricePaths p = paths(1);
        assertThat(p.override(csv, DAY)).containsExactly("IBM");
        assertThat(p.at("AAPL", OPEN)).isEqualByComparingTo("100"); // before the first row: the generated path
        assertThat(p.at("AAPL", OPEN.plusSeconds(300))).isEqualByComparingTo("50");
        assertThat(p.at("AAPL", OPEN.plusSeconds(450))).isEqualByComparingTo("55");
        assertThat(p.at("AAPL", OPEN.plusSeconds(1800))).isEqualByComparingTo("60");
        assertThat(p.at("IBM", OPEN)).isEqualByComparingTo("200");
        assertThat(p.at("MSFT", 0)).isEqualByComparingTo("400");
    }

    @Test
    void aBadCsvLineIsAUsageErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "09:35,AAPL,50\n9h40,AAPL,60\n");
        assertThatThrownBy(() -> paths(1).override(csv, DAY)).isInstanceOf(Args.UsageException.class).hasMessageContaining("line 2");
    }
}
