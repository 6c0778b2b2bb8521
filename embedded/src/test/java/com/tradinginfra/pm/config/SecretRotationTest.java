package com.tradinginfra.pm.config;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys rotated at the broker and in the secret reach a running container without a redeploy: one
 * {@link Components}, whose adapter asks {@link AlpacaSecret} (Powertools' real {@code SecretsProvider} and
 * its cache) for the keys of every request, against the simulator over HTTP. Secrets Manager itself cannot
 * run here: the client under the provider is {@link FakeSecrets}, an in-process stand-in that answers
 * {@code GetSecretValue} with the value the test last stored and counts the reads.
 */
class SecretRotationTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alpaca-keys";
    private static EmbeddedStack stack;
    private static AlpacaSimulator sim;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(Instant.parse("2026-11-20T15:00:00Z"));
        sim = stack.simulator();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void keysRotatedInTheSecretAreUsedOnceTheCacheLifetimeHasPassedWithoutA401() throws Exception {
        FakeSecrets secrets = new FakeSecrets(sim.account("rotated"));
        Components parts = components("rotated", new AlpacaSecret(secrets, ARN, Duration.ofMillis(300)));
        assertThat(parts.broker().positions()).isEmpty();

        secrets.value = json(sim.rotateKeys("rotated"));
        long refused = unauthorized();
        Thread.sleep(400); // past the 300 ms lifetime: the next request reads the secret again
        assertThat(parts.broker().positions()).isEmpty();
        assertThat(parts.broker().openOrders()).isEmpty();

        assertThat(unauthorized()).as("the new keys came from the expired cache, not from a refused request").isEqualTo(refused);
        assertThat(secrets.reads.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void withinTheLifetimeTheCachedKeysAreSentAndA401ReadsTheSecretOnceMoreAndSendsAgain() {
        FakeSecrets secrets = new FakeSecrets(sim.account("refreshed"));
        Components parts = components("refreshed", new AlpacaSecret(secrets, ARN, Duration.ofSeconds(300)));
        parts.broker().positions();
        parts.broker().openOrders();
        assertThat(secrets.reads.get()).as("one read at start, then the cache").isEqualTo(1);

        secrets.value = json(sim.rotateKeys("refreshed"));
        long refused = unauthorized();
        assertThat(parts.broker().positions()).isEmpty();
        assertThat(unauthorized()).as("the cached (old) keys were refused once").isEqualTo(refused + 1);
        assertThat(secrets.reads.get()).isEqualTo(2);

        parts.broker().openOrders();
        assertThat(unauthorized()).as("the renewed keys are cached").isEqualTo(refused + 1);
        assertThat(secrets.reads.get()).isEqualTo(2);
    }

    @Test
    void keysRefusedAgainAfterTheSecretIsReadOnceMoreAreNotSentTwice() {
        FakeSecrets secrets = new FakeSecrets(sim.account("revoked"));
        Components parts = components("revoked", new AlpacaSecret(secrets, ARN, Duration.ofSeconds(300)));
        parts.broker().positions();
        sim.revokeKeys("revoked");
        try {
            long refused = unauthorized();
            assertThatThrownBy(() -> parts.broker().positions()).isInstanceOf(BrokerException.class);
            assertThat(unauthorized()).as("the same keys are not sent again").isEqualTo(refused + 1);
        } finally {
            sim.restoreKeys("revoked");
        }
        assertThat(parts.broker().positions()).isEmpty();
    }

    /** One container's Components, built once, with the adapter the functions get for ALPACA_SECRET_ARN. */
    private static Components components(String account, AlpacaSecret keys) {
        String url = sim.settings(account).tradingUrl();
        Configuration config = Configuration.from(new Environment(Map.of("ACCOUNT_NAME", account, "DB_URL", "jdbc:postgresql://db/pm",
                "ALPACA_SECRET_ARN", ARN, "ALPACA_TRADING_URL", url, "ALPACA_DATA_URL", url)));
        return new Components(ManagerSettings.defaults(account), new JdbcPositionStore(new ReusableConnection(stack.db().dataSource())),
                Components.alpacaBroker(config, keys, Components.accountBudget(config, new ReusableConnection(stack.db().dataSource()))),
                Outbound.NONE);
    }

    private static long unauthorized() {
        return sim.requests().stream().filter(r -> r.status() == 401).count();
    }

    private static String json(AlpacaSimulator.Account a) {
        return "{\"ALPACA_API_KEY_ID\":\"" + a.keyId() + "\",\"ALPACA_API_SECRET_KEY\":\"" + a.secretKey() + "\"}";
    }

    /** Secrets Manager's GetSecretValue, in process: the value last stored, and how often it was read. */
    static final class FakeSecrets implements SecretsManagerClient {
        volatile String value;
        final AtomicInteger reads = new AtomicInteger();

        FakeSecrets(AlpacaSimulator.Account keys) {
            this.value = json(keys);
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            reads.incrementAndGet();
            return GetSecretValueResponse.builder().arn(request.secretId()).secretString(value).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
