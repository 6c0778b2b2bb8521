package com.tradinginfra.pm.broker;

import java.util.Objects;

/**
 * The two API keys of an Alpaca account, as sent in {@code APCA-API-KEY-ID} and {@code APCA-API-SECRET-KEY}.
 * {@link #toString()} shows neither.
 */
public record AlpacaKeys(String keyId, String secretKey) {
    public AlpacaKeys {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("Alpaca key id is missing");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("Alpaca secret key is missing");
        }
    }

    /**
     * Where the adapter gets the keys for each request, so that keys rotated in the account (and in
     * the secret that holds them) are used without a redeploy.
     */
    public interface Source {
        /** The keys to send now (may be cached). */
        AlpacaKeys current();

        /** Asked once after a 401: the keys read again past any cache. */
        AlpacaKeys renewed();

        /** Keys that never change (local runs, tests). */
        static Source fixed(AlpacaKeys keys) {
            Objects.requireNonNull(keys, "keys");
            return new Source() {
                @Override
                public AlpacaKeys current() {
                    return keys;
                }

                @Override
                public AlpacaKeys renewed() {
                    return keys;
                }
            };
        }
    }

    @Override
    public String toString() {
        return "AlpacaKeys[keyId=***, secretKey=***]";
    }
}
