package com.tradinginfra.pm.embedded.sim;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulator's HTTP side on loopback: authentication, fault switches, the rate limit, the request
 * log, and the exchange itself. Requests are served concurrently; state is touched under {@code lock}.
 */
final class SimHttp implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK: ~40 ms a request on loopback. Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Object lock;
    private final SimBook book;
    private final SimClock clock;
    private final SimRouter router;
    private final SimFaults faults;
    private final SimRateLimit rateLimit;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<AlpacaSimulator.Request> requestLog = new ArrayList<>();
    private final Map<String, Integer> priceRequests = new TreeMap<>();

    /** Listens on {@code address} (port 0: a free one). */
    SimHttp(Object lock, SimBook book, SimClock clock, SimRouter router, SimFaults faults, SimRateLimit rateLimit,
            InetSocketAddress address) throws IOException {
        this.lock = lock;
        this.book = book;
        this.clock = clock;
        this.router = router;
        this.faults = faults;
        this.rateLimit = rateLimit;
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "alpaca-sim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ the request log (under the lock)

    List<AlpacaSimulator.Request> requests() {
        return List.copyOf(requestLog);
    }

    void resetLog() {
        requestLog.clear();
        priceRequests.clear();
    }

    Map<String, Integer> priceRequestCounts() {
        return Map.copyOf(priceRequests);
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        Map<String, String> params = parseQuery(exchange.getRequestURI().getRawQuery());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SimQuery query = new SimQuery(params, body);
        String keyId = exchange.getRequestHeaders().getFirst("APCA-API-KEY-ID");
        String secret = exchange.getRequestHeaders().getFirst("APCA-API-SECRET-KEY");
        boolean keysSent = keyId != null || secret != null;
        Instant received;
        Optional<SimAccount> account;
        synchronized (lock) {
            book.catchUp();
            received = clock.now();
            account = book.authenticate(keyId, secret);
        }
        String accountName = account.map(a -> a.name).orElse(null);

        if (faults.take(SimFaults.Kind.RESET, method, path) != null) {
            log(received, method, path, params, body, 0, accountName);
            exchange.close(); // no status line: the client sees the connection end
            return;
        }
        SimFaults.Rule delay = faults.take(SimFaults.Kind.DELAY, method, path);
        if (delay != null) {
            try {
                Thread.sleep(delay.delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }

        SimAnswer answer;
        boolean trading = !SimRouter.isDataPath(path);
        synchronized (lock) {
            book.catchUp();
            answer = answer(account.orElse(null), keysSent, method, path, query, trading);
            if (!trading && account.isPresent()) {
                priceRequests.merge(path, 1, Integer::sum);
            }
            log(received, method, path, params, body, answer.status(), accountName);
        }
        send(exchange, answer);
    }

    private SimAnswer answer(SimAccount account, boolean keysSent, String method, String path, SimQuery query,
                             boolean trading) {
        if (account == null) {
            return unauthorized(trading, keysSent);
        }
        Map<String, String> rateHeaders = new LinkedHashMap<>();
        if (trading && !rateLimit.admit(account.name, rateHeaders)) {
            SimApiError e = new SimApiError(429, 42910000, "rate limit exceeded");
            return new SimAnswer(429, e.body, rateHeaders);
        }
        SimAnswer answer;
        SimFaults.Rule fail = faults.take(SimFaults.Kind.FAIL, method, path);
        if (fail != null) {
            answer = SimAnswer.failure(fail.status);
        } else {
            answer = router.route(account, method, path, query);
            if (faults.take(SimFaults.Kind.ACCEPT_THEN_FAIL, method, path) != null) {
                answer = SimAnswer.failure(500); // processed, but the answer is lost
            }
        }
        if (trading) {
            answer.headers().putAll(rateHeaders);
        }
        return answer;
    }

    /**
     * Requests without valid keys. Bad, rotated or revoked keys on the trading API answer 401
     * {@code {"message":"unauthorized"}} with no code (Alpaca Learn, "How to fix common Trading API
     * errors at Alpaca"); a request without key headers answers 401 {@code {"code":40110000,"message":
     * "request is not authorized"}} (the body recorded in Petersoj/alpaca-java issue 156 and
     * alpacahq/alpaca-py issue 519). The market-data API answers 403 when the request is not
     * authenticated or the credentials are incorrect (Alpaca's Market Data FAQ), body
     * {@code {"message":"forbidden."}} (as quoted in alpacahq/alpaca-py issue 347).
     */
    private static SimAnswer unauthorized(boolean trading, boolean keysSent) {
        JsonObject body = new JsonObject();
        if (!trading) {
            body.addProperty("message", "forbidden.");
            return new SimAnswer(403, body);
        }
        if (!keysSent) {
            return SimAnswer.of(new SimApiError(401, 40110000, "request is not authorized"));
        }
        body.addProperty("message", "unauthorized");
        return new SimAnswer(401, body);
    }

    private void log(Instant at, String method, String path, Map<String, String> query, String body, int status,
                     String account) {
        synchronized (lock) {
            requestLog.add(new AlpacaSimulator.Request(at, method, path, Map.copyOf(query), body, status, account));
        }
    }

    private static void send(HttpExchange exchange, SimAnswer answer) {
        try {
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (answer.status() == 204 || answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                byte[] bytes = GSON.toJson(answer.body()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
