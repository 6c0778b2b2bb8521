package com.tradinginfra.pm.broker;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * Signs every request with the keys its {@link AlpacaKeys.Source} holds now (alpaca-java fixes them at
 * construction), so rotated keys take effect without a new adapter. After a 401 the keys are read once
 * more past the cache and, when they changed, the request is sent once again: a 401 is the answer to the
 * credentials, given before the request is acted on (no order exists), so a second send of a POST cannot
 * duplicate it.
 */
final class KeyHeaders implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(KeyHeaders.class);
    // Alpaca's authentication headers (docs.alpaca.markets, "Authentication")
    static final String KEY_ID = "APCA-API-KEY-ID";
    static final String SECRET_KEY = "APCA-API-SECRET-KEY";

    private final AlpacaKeys.Source source;

    KeyHeaders(AlpacaKeys.Source source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        AlpacaKeys keys = read(false);
        Response response = chain.proceed(signed(chain.request(), keys));
        if (response.code() != 401) {
            return response;
        }
        AlpacaKeys renewed = read(true);
        if (renewed.equals(keys)) {
            return response;
        }
        response.close();
        LOG.info("Alpaca refused the cached keys (401); sending once more with the keys read again");
        return chain.proceed(signed(chain.request(), renewed));
    }

    /** A key source that cannot be read (Secrets Manager down) is an unavailable broker: the caller retries later. */
    private AlpacaKeys read(boolean renewed) throws IOException {
        try {
            return renewed ? source.renewed() : source.current();
        } catch (RuntimeException e) {
            throw new IOException("Alpaca keys could not be read: " + e.getMessage(), e);
        }
    }

    private static Request signed(Request request, AlpacaKeys keys) {
        return request.newBuilder().header(KEY_ID, keys.keyId()).header(SECRET_KEY, keys.secretKey()).build();
    }
}
