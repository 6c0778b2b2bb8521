package com.tradinginfra.pm.config;

import com.tradinginfra.pm.broker.OptionFeed;
import com.tradinginfra.pm.broker.StockFeed;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationTest {
    static final String PASSWORD = "pg-Pa55word-zq81";
    static final String KEY_ID = "PKTESTKEYID7Q2W";
    static final String SECRET = "s3cr3tAlpacaValue-9xv";

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("ACCOUNT_NAME", "large");
        env.put("DB_URL", "jdbc:postgresql://localhost:5432/pm");
        env.put("DB_USER", "pm");
        env.put("DB_PASSWORD", PASSWORD);
        env.put("ALPACA_API_KEY_ID", KEY_ID);
        env.put("ALPACA_API_SECRET_KEY", SECRET);
        return env;
    }

    static Configuration from(Map<String, String> env, Configuration.Sends... sends) {
        return Configuration.from(new Environment(env), sends);
    }

    static ConfigurationException failure(Map<String, String> env, Configuration.Sends... sends) {
        return catchThrowableOfType(ConfigurationException.class, () -> from(env, sends));
    }

    @Test
    void theSecretsCacheLifetimeIsFiveMinutesByDefaultAndBoundedToOneSecondToAnHour() {
        assertThat(from(minimal()).alpacaSecretCache()).isEqualTo(Duration.ofMinutes(5));
        Map<String, String> env = minimal();
        env.put("ALPACA_SECRET_CACHE_SECONDS", "1");
        assertThat(from(env).alpacaSecretCache()).isEqualTo(Duration.ofSeconds(1));
        env.put("ALPACA_SECRET_CACHE_SECONDS", "3600");
        assertThat(from(env).alpacaSecretCache()).isEqualTo(Duration.ofHours(1));
        for (String bad : new String[] {"0", "3601", "-5", "five"}) {
            env.put("ALPACA_SECRET_CACHE_SECONDS", bad);
            assertThat(failure(env)).as(bad).isNotNull().hasMessageContaining("ALPACA_SECRET_CACHE_SECONDS");
        }
        assertThat(Configuration.SECRET_CACHE_MIN_SECONDS).isEqualTo(1);
        assertThat(Configuration.SECRET_CACHE_MAX_SECONDS).isEqualTo(3600);
    }

    @Test
    void defaults() {
        Configuration c = from(minimal());
        assertThat(c.settings().account()).isEqualTo("large");
        assertThat(c.dbUrl()).isEqualTo("jdbc:postgresql://localhost:5432/pm");
        assertThat(c.dbUser()).isEqualTo("pm");
        assertThat(c.dbPassword()).isEqualTo(PASSWORD);
        assertThat(c.dbIamAuth()).isFalse();
        assertThat(c.alpacaKeyId()).isEqualTo(KEY_ID);
        assertThat(c.alpacaSecretKey()).isEqualTo(SECRET);
        assertThat(c.tradingUrl()).isEqualTo("https://paper-api.alpaca.markets");
        assertThat(c.dataUrl()).isEqualTo("https://data.alpaca.markets");
        assertThat(c.awsEndpointUrl()).isNull();
        var exits = c.settings().exits();
        assertThat(exits.stopLossPct()).isEqualByComparingTo("5");
        assertThat(exits.takeProfitPct()).isEqualByComparingTo("15");
        assertThat(exits.maxHold()).isEqualTo(Duration.ofHours(24));
        assertThat(exits.dayTradeCutoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(exits.optionExpiryCutoff()).isEqualTo(Duration.ofHours(24));
        assertThat(exits.trailingStopPct().signum()).isGreaterThanOrEqualTo(0);
        assertThat(c.stockFeed()).isEqualTo(StockFeed.IEX);
        assertThat(c.optionFeed()).isEqualTo(OptionFeed.OPRA);
        assertThat(c.settings().priceMaxAge()).isEqualTo(Duration.ofSeconds(120));
        assertThat(exits.scaleOut().enabled()).isFalse();
        assertThat(exits.scaleOut().fraction()).isEqualByComparingTo("0.5");
        assertThat(exits.scaleOut().breakevenAfterPartial()).isTrue();
    }

    @Test
    void scalingOutIsSwitchedOnByItsPercent() {
        Map<String, String> env = minimal();
        env.put("TAKE_PARTIAL_PROFIT_PCT", "7.5");
        env.put("TAKE_PARTIAL_FRACTION", "0.25");
        env.put("BREAKEVEN_AFTER_PARTIAL", "false");
        var scaleOut = from(env).settings().exits().scaleOut();
        assertThat(scaleOut.enabled()).isTrue();
        assertThat(scaleOut.triggerPct()).isEqualByComparingTo("7.5");
        assertThat(scaleOut.fraction()).isEqualByComparingTo("0.25");
        assertThat(scaleOut.breakevenAfterPartial()).isFalse();
        env.put("TAKE_PARTIAL_PROFIT_PCT", " ");
        assertThat(from(env).settings().exits().scaleOut().enabled()).isFalse();
    }

    @Test
    void theDelayedIndicativeFeedNeedsAPriceAgeAboveItsDelay() {
        Map<String, String> env = minimal();
        env.put("ALPACA_OPTIONS_FEED", "indicative");
        assertThat(failure(env)).hasMessageContaining("ALPACA_OPTIONS_FEED=indicative is 15 minutes delayed")
                .hasMessageContaining("PRICE_MAX_AGE_SECONDS=120");
        env.put("PRICE_MAX_AGE_SECONDS", "900");
        assertThat(failure(env)).hasMessageContaining("PRICE_MAX_AGE_SECONDS=900");
        env.put("PRICE_MAX_AGE_SECONDS", "1200");
        assertThat(from(env).optionFeed()).isEqualTo(OptionFeed.INDICATIVE);
    }

    @Test
    void missingBracketsCloseByDefaultAndRearmWhenAsked() {
        Map<String, String> env = minimal();
        assertThat(from(env).settings().missingBrackets()).isEqualTo(MissingBracketsAction.CLOSE);
        env.put("MISSING_BRACKETS_ACTION", "Rearm");
        Configuration c = from(env);
        assertThat(c.settings().missingBrackets()).isEqualTo(MissingBracketsAction.REARM);
        assertThat(c.toString()).contains("missingBrackets=rearm");
        env.put("MISSING_BRACKETS_ACTION", "protect");
        assertThat(failure(env)).hasMessageContaining("MISSING_BRACKETS_ACTION must be close or rearm, was 'protect'");
    }

    @Test
    void feedsAndThePriceAgeAreConfigurable() {
        Map<String, String> env = minimal();
        env.put("ALPACA_STOCKS_FEED", "sip");
        env.put("ALPACA_OPTIONS_FEED", "OPRA");
        env.put("PRICE_MAX_AGE_SECONDS", "30");
        Configuration c = from(env);
        assertThat(c.stockFeed()).isEqualTo(StockFeed.SIP);
        assertThat(c.optionFeed()).isEqualTo(OptionFeed.OPRA);
        assertThat(c.settings().priceMaxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.toString()).contains("feeds=sip/opra");
    }

    @Test
    void valuesOverrideDefaults() {
        Map<String, String> env = minimal();
        env.put("DEFAULT_STOP_LOSS_PCT", "2.5");
        env.put("DEFAULT_TAKE_PROFIT_PCT", "7");
        env.put("MAX_HOLD_MINUTES", "90");
        env.put("TRAILING_STOP_PCT", "0");
        env.put("DAY_TRADE_CUTOFF_MINUTES", "15");
        env.put("OPTION_EXPIRY_CUTOFF_HOURS", "48");
        env.put("ALPACA_TRADING_URL", "http://127.0.0.1:8089");
        env.put("ALPACA_DATA_URL", "http://127.0.0.1:8090");
        env.put("AWS_ENDPOINT_URL", "http://localhost:9324");
        Configuration c = from(env);
        var exits = c.settings().exits();
        assertThat(exits.stopLossPct()).isEqualByComparingTo("2.5");
        assertThat(exits.takeProfitPct()).isEqualByComparingTo("7");
        assertThat(exits.maxHold()).isEqualTo(Duration.ofMinutes(90));
        assertThat(exits.trailingStopPct()).isEqualByComparingTo("0");
        assertThat(exits.dayTradeCutoff()).isEqualTo(Duration.ofMinutes(15));
        assertThat(exits.optionExpiryCutoff()).isEqualTo(Duration.ofHours(48));
        assertThat(c.tradingUrl()).isEqualTo("http://127.0.0.1:8089");
        assertThat(c.dataUrl()).isEqualTo("http://127.0.0.1:8090");
        assertThat(c.awsEndpointUrl()).isEqualTo("http://localhost:9324");
    }

    @Test
    void aSecretArnReplacesTheKeys() {
        Map<String, String> env = minimal();
        env.remove("ALPACA_API_KEY_ID");
        env.remove("ALPACA_API_SECRET_KEY");
        env.put("ALPACA_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:alpaca-AbCdEf");
        Configuration c = from(env);
        assertThat(c.alpacaSecretArn()).startsWith("arn:aws:secretsmanager");
        assertThat(c.alpacaKeyId()).isNull();
    }

    @Test
    void iamAuthNeedsUserAndRegionButNoPassword() {
        Map<String, String> env = minimal();
        env.remove("DB_PASSWORD");
        env.put("DB_IAM_AUTH", "true");
        env.put("AWS_REGION", "us-east-1");
        Configuration c = from(env);
        assertThat(c.dbIamAuth()).isTrue();
        assertThat(c.region()).isEqualTo("us-east-1");

        env.remove("AWS_REGION");
        env.remove("DB_USER");
        ConfigurationException e = failure(env);
        assertThat(e).hasMessageContaining("AWS_REGION").hasMessageContaining("DB_USER");
    }

    @Test
    void everyMissingRequiredVariableIsNamedInOneError() {
        Map<String, String> env = minimal();
        env.remove("ACCOUNT_NAME");
        env.remove("DB_URL");
        env.remove("ALPACA_API_KEY_ID");
        env.remove("ALPACA_API_SECRET_KEY");
        ConfigurationException e = failure(env);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("ACCOUNT_NAME").contains("DB_URL").contains("ALPACA");
    }

    @Test
    void aBlankVariableCountsAsMissing() {
        Map<String, String> env = minimal();
        env.put("ACCOUNT_NAME", "  ");
        assertThat(failure(env)).hasMessageContaining("ACCOUNT_NAME");
    }

    @Test
    void oneMissingKeyIsNamed() {
        Map<String, String> env = minimal();
        env.remove("ALPACA_API_SECRET_KEY");
        assertThat(failure(env)).hasMessageContaining("ALPACA_API_SECRET_KEY");
    }

    @Test
    void queueUrlsAreRequiredOnlyForTheQueuesAFunctionSendsTo() {
        assertThat(from(minimal()).sweepQueueUrl()).isNull();
        ConfigurationException e = failure(minimal(), Configuration.Sends.SWEEPS, Configuration.Sends.CLOSES);
        assertThat(e).hasMessageContaining("SWEEP_QUEUE_URL").hasMessageContaining("CLOSE_QUEUE_URL");
        Map<String, String> env = minimal();
        env.put("CLOSE_QUEUE_URL", "http://localhost:9324/000000000000/CloseQueue");
        Configuration c = from(env, Configuration.Sends.CLOSES);
        assertThat(c.closeQueueUrl()).isEqualTo("http://localhost:9324/000000000000/CloseQueue");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "DEFAULT_STOP_LOSS_PCT, abc",
            "DEFAULT_STOP_LOSS_PCT, 5%",
            "DEFAULT_STOP_LOSS_PCT, 0",
            "DEFAULT_STOP_LOSS_PCT, -1",
            "DEFAULT_TAKE_PROFIT_PCT, 150",
            "TRAILING_STOP_PCT, ten",
            "TRAILING_STOP_PCT, -2",
            "MAX_HOLD_MINUTES, abc",
            "MAX_HOLD_MINUTES, 1.5",
            "MAX_HOLD_MINUTES, 0",
            "DAY_TRADE_CUTOFF_MINUTES, five",
            "DAY_TRADE_CUTOFF_MINUTES, -5",
            "OPTION_EXPIRY_CUTOFF_HOURS, 24h",
            "DB_IAM_AUTH, yes",
            "DB_URL, mysql://localhost/pm",
            "ACCOUNT_NAME, 'large; DROP TABLE'",
            "ALPACA_TRADING_URL, not a url",
            "ALPACA_DATA_URL, ftp://data.alpaca.markets",
            "ALPACA_STOCKS_FEED, opra",
            "ALPACA_STOCKS_FEED, delayed_sip",
            "ALPACA_OPTIONS_FEED, sip",
            "PRICE_MAX_AGE_SECONDS, 0",
            "PRICE_MAX_AGE_SECONDS, 2m",
            "TAKE_PARTIAL_PROFIT_PCT, 0",
            "TAKE_PARTIAL_PROFIT_PCT, -5",
            "TAKE_PARTIAL_PROFIT_PCT, 5%",
            "TAKE_PARTIAL_PROFIT_PCT, 1000",
            "TAKE_PARTIAL_FRACTION, 1",
            "TAKE_PARTIAL_FRACTION, 0",
            "TAKE_PARTIAL_FRACTION, half",
            "TAKE_PARTIAL_FRACTION, 50",
            "BREAKEVEN_AFTER_PARTIAL, yes",
    })
    void aMalformedVariableIsNamed(String name, String value) {
        Map<String, String> env = minimal();
        env.put(name, value);
        assertThat(failure(env)).hasMessageContaining(name);
    }

    @Test
    void severalMalformedVariablesAreNamedTogether() {
        Map<String, String> env = minimal();
        env.put("DEFAULT_STOP_LOSS_PCT", "x");
        env.put("MAX_HOLD_MINUTES", "y");
        env.remove("DB_URL");
        assertThat(failure(env)).hasMessageContaining("DEFAULT_STOP_LOSS_PCT").hasMessageContaining("MAX_HOLD_MINUTES")
                .hasMessageContaining("DB_URL");
    }

    @Test
    void toStringNeverShowsASecret() {
        Map<String, String> env = minimal();
        env.put("ALPACA_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:alpaca-AbCdEf");
        String text = from(env).toString();
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(KEY_ID).doesNotContain(SECRET);
        assertThat(text).contains("large");
    }

    @Test
    void errorsNeverShowASecret() {
        Map<String, String> env = minimal();
        env.remove("ACCOUNT_NAME");
        env.put("DEFAULT_STOP_LOSS_PCT", "x");
        ConfigurationException e = failure(env);
        assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain(KEY_ID).doesNotContain(SECRET);
    }

    @Test
    void environmentReadsTrimmedValues() {
        Environment env = new Environment(Map.of("A", "  x ", "B", " "));
        assertThat(env.optional("A")).isEqualTo("x");
        assertThat(env.optional("B")).isNull();
        assertThat(env.orDefault("C", "d")).isEqualTo("d");
        env.check();
        assertThat(env.required("C")).isNull();
        assertThatThrownBy(env::check).isInstanceOf(ConfigurationException.class).hasMessageContaining("C");
    }
}
