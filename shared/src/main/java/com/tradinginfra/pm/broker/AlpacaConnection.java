package com.tradinginfra.pm.broker;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import net.jacobpeterson.alpaca.rest.AlpacaClient;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP to Alpaca: the authenticated clients of {@code alpaca-java} on one OkHttp client, the
 * trading-request budget, the one retry a GET gets on a dead pooled connection, and the turning of
 * an error answer into a classified {@link BrokerException}.
 *
 * <p>The library's base URLs are fixed, so an interceptor rewrites scheme, host and port of every
 * request to the configured trading or data URL (the simulator on loopback in tests). Responses are
 * read raw, not through {@code requestJSON}, to keep the HTTP status and the rate-limit headers,
 * which {@code AlpacaClientException} drops. OkHttp's silent retry on connection failure is off, so
 * a lost response surfaces as {@link BrokerFailure#UNAVAILABLE} and the caller decides.
 */
final class AlpacaConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlpacaConnection.class);

    /** A successful answer: its status and JSON body ({@link JsonNull} when empty, e.g. 204). */
    record Reply(int status, JsonElement json) {
    }

    private final OkHttpClient http;
    private final AlpacaClient trading;
    private final AlpacaClient stockData;
    private final AlpacaClient optionData;
    private final TradingBudget budget;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tradingRequests = new AtomicLong();

    /** {@code keys}: null signs with the settings' fixed keys (alpaca-java's), else with the source's of the moment. */
    AlpacaConnection(AlpacaSettings settings, Duration connectTimeout, Duration readTimeout, TradingBudget budget, Clock clock,
                     AlpacaKeys.Source keys) {
        HttpUrl tradingTarget = HttpUrl.get(settings.tradingUrl());
        HttpUrl dataTarget = HttpUrl.get(settings.dataUrl());
        OkHttpClient.Builder client = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                // No silent re-send of a POST whose response was lost: the caller decides.
                .retryOnConnectionFailure(false)
                // Idle connections die on the server side (and while Lambda freezes the container):
                // keep them only briefly; a GET that still meets a dead one is retried once below.
                // Ten idle: a sweep's 8 price requests in flight and the trading calls reuse theirs
                // instead of a new TLS handshake each minute.
                .connectionPool(new ConnectionPool(10, 20, TimeUnit.SECONDS))
                .addInterceptor(chain -> {
                    Request request = chain.request();
                    HttpUrl target = targetFor(request.url().host(), tradingTarget, dataTarget);
                    if (target == null) {
                        return chain.proceed(request);
                    }
                    HttpUrl rewritten = request.url().newBuilder()
                            .scheme(target.scheme()).host(target.host()).port(target.port()).build();
                    return chain.proceed(request.newBuilder().url(rewritten).build());
                });
        if (keys != null) {
            client.addInterceptor(new KeyHeaders(keys)); // keys per request: rotated ones without a new adapter
        }
        this.http = client.build();
        // The clients AlpacaAPI 9.2.0 would make (its constructor: "paper-api" or "api" v2, "data" v2), made
        // directly: AlpacaAPI also builds every endpoint and three websocket clients, about 250 classes at
        // each cold start that the adapter never uses.
        this.trading = new AlpacaClient(http, settings.keyId(), settings.secretKey(), settings.isLive() ? "api" : "paper-api", "v2");
        this.stockData = new AlpacaClient(http, settings.keyId(), settings.secretKey(), "data", "v2");
        // 9.2.0 has no options data client: the same kind of client on the data host, version v1beta1.
        this.optionData = new AlpacaClient(http, settings.keyId(), settings.secretKey(), "data", "v1beta1");
        this.budget = budget;
        this.clock = clock;
    }

    private static HttpUrl targetFor(String host, HttpUrl trading, HttpUrl data) {
        if (host.equals("paper-api.alpaca.markets") || host.equals("api.alpaca.markets")) {
            return trading;
        }
        if (host.equals("data.alpaca.markets")) {
            return data;
        }
        return null;
    }

    AlpacaClient trading() {
        return trading;
    }

    AlpacaClient stockData() {
        return stockData;
    }

    AlpacaClient optionData() {
        return optionData;
    }

    TradingBudget budget() {
        return budget;
    }

    long requestCount() {
        return requests.get();
    }

    long tradingRequestCount() {
        return tradingRequests.get();
    }

    JsonElement get(AlpacaClient client, HttpUrl url) {
        return send(client, client.requestBuilder(url).get().build()).json();
    }

    Reply send(AlpacaClient client, Request request) {
        try {
            return attempt(client, request);
        } catch (BrokerException e) {
            // A pooled connection the server had closed: an idempotent GET may go once more on a new one.
            // Timeouts are not retried (the server is slow, not gone); POSTs never are.
            boolean staleConnection = e.httpStatus() == 0 && e.getCause() instanceof IOException
                    && !(e.getCause() instanceof SocketTimeoutException);
            if (staleConnection && "GET".equals(request.method())) {
                LOG.debug("retrying {} once on a new connection", request.url().encodedPath());
                return attempt(client, request);
            }
            throw e;
        }
    }

    private Reply attempt(AlpacaClient client, Request request) {
        if (client == trading) {
            budget.acquire();
            tradingRequests.incrementAndGet();
        }
        requests.incrementAndGet();
        String what = request.method() + " " + request.url().encodedPath();
        try (Response response = client.executeRequest(request)) {
            int status = response.code();
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (status >= 200 && status < 300) {
                return new Reply(status, parse(text, what));
            }
            throw failure(status, text, response, what);
        } catch (IOException e) {
            LOG.debug("{} failed without a response: {}", what, e.toString());
            String message = what + ": no response (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            throw new BrokerException(BrokerFailure.UNAVAILABLE, 0, null, message, null, e);
        }
    }

    private static JsonElement parse(String text, String what) {
        if (text == null || text.isBlank()) {
            return JsonNull.INSTANCE;
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new BrokerException(BrokerFailure.REJECTED, 200, null, what + ": response is not JSON", null, e);
        }
    }

    /** Alpaca's error body {@code {"code": n, "message": "..."}} (either may be missing), classified. */
    private BrokerException failure(int status, String text, Response response, String what) {
        Integer code = null;
        String message = null;
        try {
            JsonElement json = JsonParser.parseString(text);
            if (json.isJsonObject()) {
                JsonObject o = json.getAsJsonObject();
                if (o.has("code") && o.get("code").isJsonPrimitive()) {
                    try {
                        code = o.get("code").getAsInt();
                    } catch (NumberFormatException ignored) {
                        // a non-numeric code: keep the message only
                    }
                }
                message = AlpacaJson.string(o, "message");
            }
        } catch (JsonParseException | IllegalStateException ignored) {
            // 5xx from a proxy are often HTML, a 429 may be plain text: fall back to the status line
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + status + (response.message().isEmpty() ? "" : " " + response.message());
        }
        Duration retryAfter = status == 429 || status == 503 ? retryAfter(response) : null;
        BrokerFailure failure = AlpacaErrors.classify(status, code, message);
        LOG.debug("{} -> {} {} ({})", what, status, failure, message);
        return new BrokerException(failure, status, code, message, retryAfter, null);
    }

    /** {@code Retry-After} (seconds), else {@code X-RateLimit-Reset} (epoch seconds) minus now. */
    private Duration retryAfter(Response response) {
        String retry = response.header("Retry-After");
        if (retry != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retry.trim())));
            } catch (NumberFormatException ignored) {
                // an HTTP-date: use the reset header instead
            }
        }
        String reset = response.header("X-RateLimit-Reset");
        if (reset != null) {
            try {
                Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (NumberFormatException ignored) {
                // unreadable: no hint
            }
        }
        return null;
    }

    /** Releases the HTTP connections and threads. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
