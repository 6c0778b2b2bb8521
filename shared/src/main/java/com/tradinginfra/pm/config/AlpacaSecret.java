package com.tradinginfra.pm.config;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.broker.AlpacaKeys;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The Alpaca keys held in a Secrets Manager secret ({@code ALPACA_API_KEY_ID} and {@code ALPACA_API_SECRET_KEY},
 * or {@code key_id} and {@code secret_key}), read through Powertools' {@link SecretsProvider} and cached for
 * {@code ALPACA_SECRET_CACHE_SECONDS}: keys rotated in the secret are used within that time, with no redeploy.
 * A 401 drops the cache at once ({@link #renewed()}). Neither key is ever logged.
 */
public final class AlpacaSecret implements AlpacaKeys.Source {
    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration maxAge;
    private volatile SecretsProvider provider;

    public AlpacaSecret(SecretsManagerClient client, String secretId, Duration maxAge) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("secret cache lifetime must be positive, was " + maxAge);
        }
        this.maxAge = maxAge;
        this.provider = provider(client);
    }

    private static SecretsProvider provider(SecretsManagerClient client) {
        // A provider of one's own: Powertools' cache lives in the provider, so a new one is an empty cache.
        return SecretsProvider.builder().withClient(client).build();
    }

    @Override
    public AlpacaKeys current() {
        String json = provider.withMaxAge((int) maxAge.toMillis(), ChronoUnit.MILLIS).get(secretId);
        return keys(json);
    }

    @Override
    public AlpacaKeys renewed() {
        provider = provider(client);
        return current();
    }

    private AlpacaKeys keys(String json) {
        String key;
        String secret;
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            key = field(o, "ALPACA_API_KEY_ID", "key_id");
            secret = field(o, "ALPACA_API_SECRET_KEY", "secret_key");
        } catch (JsonParseException | IllegalStateException e) {
            // the message of a JSON error may quote the secret: say only what is wrong
            throw new ConfigurationException("secret " + secretId + " is not a JSON object");
        }
        if (key == null || secret == null) {
            throw new ConfigurationException("secret " + secretId + " must hold ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY");
        }
        return new AlpacaKeys(key, secret);
    }

    private static String field(JsonObject o, String name, String alternative) {
        if (o.has(name)) {
            return o.get(name).getAsString();
        }
        return o.has(alternative) ? o.get(alternative).getAsString() : null;
    }
}
