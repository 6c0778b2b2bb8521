package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Option snapshots carry the last trade however old and the current quote, each with its own time;
 * the {@code feed} parameter chooses real-time or delayed data (shapes as recorded in
 * alpaca-trade-api-go marketdata/options_test.go).
 */
class SimOptionDataTest {
    static final String OCC = "AAPL261218C00200000";
    static final Instant NOW = AlpacaSimulatorTest.OPEN_MONDAY;

    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(NOW);
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    private JsonObject snapshot(String query) {
        RawAlpaca.Reply r = raw.get("/v1beta1/options/snapshots?symbols=" + OCC + query);
        assertThat(r.status()).isEqualTo(200);
        return r.obj().getAsJsonObject("snapshots").getAsJsonObject(OCC);
    }

    @Test
    void aStaleTradeAndACurrentQuoteKeepTheirOwnTimes() {
        Instant threeHoursAgo = NOW.minus(Duration.ofHours(3));
        sim.setTrade(OCC, new BigDecimal("4.10"), threeHoursAgo);
        sim.setQuote(OCC, new BigDecimal("5.20"), new BigDecimal("5.40"));
        JsonObject snap = snapshot("");
        assertThat(snap.keySet()).containsExactlyInAnyOrder("latestTrade", "latestQuote");
        JsonObject trade = snap.getAsJsonObject("latestTrade");
        assertThat(trade.keySet()).containsExactlyInAnyOrder("c", "p", "s", "t", "x");
        assertThat(trade.get("p").getAsBigDecimal()).isEqualByComparingTo("4.10");
        assertThat(Instant.parse(trade.get("t").getAsString())).isEqualTo(threeHoursAgo);
        JsonObject quote = snap.getAsJsonObject("latestQuote");
        assertThat(quote.keySet()).containsExactlyInAnyOrder("ap", "as", "ax", "bp", "bs", "bx", "c", "t");
        assertThat(quote.get("bp").getAsBigDecimal()).isEqualByComparingTo("5.20");
        assertThat(quote.get("ap").getAsBigDecimal()).isEqualByComparingTo("5.40");
        assertThat(Instant.parse(quote.get("t").getAsString())).isEqualTo(NOW);
    }

    @Test
    void aContractMayHaveAQuoteAndNoTrade() {
        sim.setQuote(OCC, new BigDecimal("0.03"), new BigDecimal("1.24"));
        JsonObject snap = snapshot("");
        assertThat(snap.keySet()).containsExactly("latestQuote");
        assertThat(snap.getAsJsonObject("latestQuote").get("ap").getAsBigDecimal()).isEqualByComparingTo("1.24");
    }

    @Test
    void theIndicativeFeedIsFifteenMinutesBehind() {
        sim.setPrice(OCC, "4.00");
        sim.setQuote(OCC, new BigDecimal("3.90"), new BigDecimal("4.10"));
        sim.advanceBy(Duration.ofMinutes(10));
        sim.setPrice(OCC, "6.00");
        sim.setQuote(OCC, new BigDecimal("5.90"), new BigDecimal("6.10"));
        sim.advanceBy(Duration.ofMinutes(6)); // 16 minutes after the first prices, 6 after the second

        assertThat(snapshot("&feed=opra").getAsJsonObject("latestTrade").get("p").getAsBigDecimal()).isEqualByComparingTo("6.00");
        JsonObject delayed = snapshot("&feed=indicative");
        assertThat(delayed.getAsJsonObject("latestTrade").get("p").getAsBigDecimal()).isEqualByComparingTo("4.00");
        assertThat(delayed.getAsJsonObject("latestQuote").get("bp").getAsBigDecimal()).isEqualByComparingTo("3.90");

        // Without feed: real time with an OPRA subscription (the default), indicative without one.
        assertThat(snapshot("").getAsJsonObject("latestTrade").get("p").getAsBigDecimal()).isEqualByComparingTo("6.00");
        sim.marketDataSubscriptions("main", false, true);
        assertThat(snapshot("").getAsJsonObject("latestTrade").get("p").getAsBigDecimal()).isEqualByComparingTo("4.00");
    }

    @Test
    void unknownFeedsAreRefusedAndSipNeedsItsSubscription() {
        sim.setPrice(OCC, "4.00");
        sim.setPrice("AAPL", "190");
        RawAlpaca.Reply options = raw.get("/v1beta1/options/snapshots?symbols=" + OCC + "&feed=sip");
        assertThat(options.status()).isEqualTo(400);
        assertThat(options.obj().get("message").getAsString()).contains("feed");
        assertThat(options.obj().has("code")).isFalse();
        assertThat(raw.get("/v2/stocks/snapshots?symbols=AAPL&feed=nasdaq").status()).isEqualTo(400);
        assertThat(raw.get("/v2/stocks/snapshots?symbols=AAPL&feed=sip").status()).isEqualTo(200);

        sim.marketDataSubscriptions("main", true, false);
        RawAlpaca.Reply sip = raw.get("/v2/stocks/trades/latest?symbols=AAPL&feed=sip");
        assertThat(sip.status()).isEqualTo(403);
        assertThat(sip.obj().get("message").getAsString()).isEqualTo("subscription does not permit querying recent SIP data");
        assertThat(raw.get("/v2/stocks/trades/latest?symbols=AAPL&feed=iex").status()).isEqualTo(200);
    }

    @Test
    void delayedSipShowsTheStockPriceOfFifteenMinutesAgo() {
        sim.setPrice("AAPL", "190");
        sim.advanceBy(Duration.ofMinutes(20));
        sim.setPrice("AAPL", "195");
        JsonObject trades = raw.get("/v2/stocks/trades/latest?symbols=AAPL&feed=delayed_sip").obj().getAsJsonObject("trades");
        assertThat(trades.getAsJsonObject("AAPL").get("p").getAsBigDecimal()).isEqualByComparingTo("190");
        JsonObject live = raw.get("/v2/stocks/snapshots?symbols=AAPL&feed=iex").obj().getAsJsonObject("AAPL");
        assertThat(live.getAsJsonObject("latestTrade").get("p").getAsBigDecimal()).isEqualByComparingTo("195");
    }
}
