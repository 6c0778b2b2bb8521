package com.tradinginfra.pm.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers the adapter's requests with bodies recorded from Alpaca's
 * public material (src/test/resources/alpaca-recorded, sources in its README). Answers are queued
 * per method and path; a request nobody queued an answer for gets 599 so that a test fails visibly.
 */
final class RecordedAlpaca implements AutoCloseable {

    /** One queued answer. */
    record Answer(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<URI> requests = new CopyOnWriteArrayList<>();

    RecordedAlpaca() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** The base URL, for both the trading and the data API. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    AlpacaSettings settings() {
        return new AlpacaSettings("recorded-key", "recorded-secret", url(), url());
    }

    /** Answers the next {@code method path} with the recorded file, with status 200. */
    RecordedAlpaca serve(String method, String path, String file) {
        return serve(method, path, 200, read(file), Map.of());
    }

    /** Answers the next {@code method path} with a status and body (recorded or built from one). */
    RecordedAlpaca serve(String method, String path, int status, String body, Map<String, String> headers) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addLast(new Answer(status, body, headers));
        return this;
    }

    /** Every request URI seen so far, in order. */
    List<URI> requests() {
        return requests;
    }

    /** The text of a recorded body. */
    static String read(String file) {
        try (InputStream in = RecordedAlpaca.class.getResourceAsStream("/alpaca-recorded/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded body " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI());
        exchange.getRequestBody().readAllBytes();
        Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        Answer a = queue == null ? null : queue.pollFirst();
        if (a == null) {
            a = new Answer(599, "{\"message\":\"nothing recorded for " + exchange.getRequestURI().getPath() + "\"}", Map.of());
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
