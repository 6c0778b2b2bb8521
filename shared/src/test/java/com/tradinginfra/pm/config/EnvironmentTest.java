package com.tradinginfra.pm.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An empty variable is an unset one: template.yaml declares the variables that
 * {@code sam local invoke -n events/env.json} sets (AWS_ENDPOINT_URL, the Alpaca keys, DB_PASSWORD)
 * with empty values, which must change nothing in AWS.
 */
class EnvironmentTest {

    /** Every variable Configuration reads, besides the ones {@link ConfigurationTest#minimal()} sets. */
    static final List<String> OPTIONAL = List.of("DB_USER", "DB_PASSWORD", "DB_IAM_AUTH", "AWS_REGION", "ALPACA_TRADING_URL",
            "ALPACA_DATA_URL", "AWS_ENDPOINT_URL", "DEFAULT_STOP_LOSS_PCT", "DEFAULT_TAKE_PROFIT_PCT", "MAX_HOLD_MINUTES",
            "TRAILING_STOP_PCT", "DAY_TRADE_CUTOFF_MINUTES", "OPTION_EXPIRY_CUTOFF_HOURS", "MAX_CLOSE_ATTEMPTS",
            "SWEEPS_PER_MINUTE", "STOCK_PRICE_BATCH_SIZE", "LOTS_PER_SWEEP", "STUCK_CLOSING_MINUTES",
            "BROKER_REQUESTS_PER_MINUTE");

    @Test
    void everyEmptyOptionalVariableReadsAsUnset() {
        Map<String, String> unset = ConfigurationTest.minimal();
        unset.remove("DB_USER");
        unset.remove("DB_PASSWORD");
        for (String blank : List.of("", "  ")) {
            Map<String, String> empty = new HashMap<>(unset);
            OPTIONAL.forEach(name -> empty.put(name, blank));
            assertThat(ConfigurationTest.from(empty)).as("all optional variables '" + blank + "'")
                    .isEqualTo(ConfigurationTest.from(unset));
        }
        Configuration c = ConfigurationTest.from(unset);
        assertThat(c.awsEndpointUrl()).isNull();
        assertThat(c.dbPassword()).isNull();
        assertThat(c.dbIamAuth()).isFalse();
    }

    @Test
    void inAwsTheEmptyLocalKeysLeaveTheSecretInCharge() {
        // what the template gives a function in AWS: the secret's ARN, and the local-only variables empty
        Map<String, String> aws = ConfigurationTest.minimal();
        aws.put("ALPACA_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:alpaca-AbCdEf");
        aws.put("ALPACA_API_KEY_ID", "");
        aws.put("ALPACA_API_SECRET_KEY", "");
        aws.put("DB_PASSWORD", "");
        aws.put("AWS_ENDPOINT_URL", "");
        Configuration c = ConfigurationTest.from(aws);
        assertThat(c.alpacaSecretArn()).endsWith("alpaca-AbCdEf");
        assertThat(c.alpacaKeyId()).isNull();
        assertThat(c.alpacaSecretKey()).isNull();
        assertThat(c.dbPassword()).isNull();
        assertThat(c.awsEndpointUrl()).isNull();
    }

    @Test
    void emptyKeysWithoutASecretAreReportedAsNotSet() {
        Map<String, String> env = ConfigurationTest.minimal();
        env.put("ALPACA_API_KEY_ID", "");
        env.put("ALPACA_API_SECRET_KEY", "");
        env.put("ALPACA_SECRET_ARN", "");
        assertThat(ConfigurationTest.failure(env)).hasMessageContaining("broker credentials are missing")
                .hasMessageContaining("ALPACA_SECRET_ARN");
    }

    @Test
    void anEmptyRequiredVariableIsNamedAsNotSet() {
        Map<String, String> env = ConfigurationTest.minimal();
        env.put("DB_URL", "");
        assertThat(ConfigurationTest.failure(env)).hasMessageContaining("DB_URL is required but not set");
        Environment e = new Environment(Map.of("X", "", "Y", " y "));
        assertThat(e.optional("X")).isNull();
        assertThat(e.orDefault("X", "fallback")).isEqualTo("fallback");
        assertThat(e.flag("X")).isFalse();
        assertThat(e.integer("X", 7, 1, 9)).isEqualTo(7);
        assertThat(e.optional("Y")).isEqualTo("y");
    }
}
