package com.tradinginfra.pm.broker;

import java.net.URI;
import java.util.Objects;

/**
 * Where and as whom the adapter talks to Alpaca.
 *
 * <p>{@link #toString()} deliberately prints neither the key id nor the secret: settings end up in
 * log lines and exception messages, and a key id is half a credential.
 *
 * @param keyId      the {@code APCA-API-KEY-ID}
 * @param secretKey  the {@code APCA-API-SECRET-KEY}
 * @param tradingUrl base URL of the trading API, e.g. {@value #PAPER_TRADING_URL}
 * @param dataUrl    base URL of the market data API, e.g. {@value #DATA_URL}
 */
public record AlpacaSettings(String keyId, String secretKey, String tradingUrl, String dataUrl) {
    /** Alpaca's paper trading API. */
    public static final String PAPER_TRADING_URL = "https://paper-api.alpaca.markets";
    /** Alpaca's live trading API. */
    public static final String LIVE_TRADING_URL = "https://api.alpaca.markets";
    /** Alpaca's market data API. */
    public static final String DATA_URL = "https://data.alpaca.markets";

    public AlpacaSettings {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("Alpaca key id is missing");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("Alpaca secret key is missing");
        }
        tradingUrl = normalise(tradingUrl == null || tradingUrl.isBlank() ? PAPER_TRADING_URL : tradingUrl, "tradingUrl");
        dataUrl = normalise(dataUrl == null || dataUrl.isBlank() ? DATA_URL : dataUrl, "dataUrl");
    }

    /** Paper trading with the real data API. */
    public static AlpacaSettings paper(String keyId, String secretKey) {
        return new AlpacaSettings(keyId, secretKey, PAPER_TRADING_URL, DATA_URL);
    }

    /** True when orders would go to the live (real money) API. */
    public boolean isLive() {
        return URI.create(tradingUrl).getHost().equalsIgnoreCase(URI.create(LIVE_TRADING_URL).getHost());
    }

    private static String normalise(String url, String name) {
        Objects.requireNonNull(url, name);
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + trimmed + "' is not a URL");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(name + " '" + trimmed + "' must be an http(s) URL with a host");
        }
        return trimmed;
    }

    /** Never shows the key id or the secret. */
    @Override
    public String toString() {
        return "AlpacaSettings[tradingUrl=" + tradingUrl + ", dataUrl=" + dataUrl + ", keyId=***, secretKey=***]";
    }
}
