package com.tradinginfra.pm.local.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The part of the Lambda Runtime API (2018-06-01) a function's runtime client uses, on loopback:
 * {@code GET /runtime/invocation/next} hands out queued invocations (blocking until one is queued,
 * with the {@code Lambda-Runtime-Aws-Request-Id}, {@code -Deadline-Ms}, {@code -Invoked-Function-Arn}
 * and {@code -Trace-Id} headers), {@code POST /runtime/invocation/{id}/response} and {@code /error}
 * complete them, {@code POST /runtime/init/error} records a failed init. Times are
 * {@link System#nanoTime()} as the requests arrive.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** How an invocation ended. */
    public record Outcome(String requestId, boolean error, String body, long nextAtNanos, long respondedAtNanos) {
    }

    private record Pending(String requestId, String event, CompletableFuture<Outcome> done) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> handedOutAt = new ConcurrentHashMap<>();
    private final String functionArn;
    private volatile long firstNextNanos;
    private volatile String initError;
    private volatile boolean closed;

    public RuntimeApiServer(String functionName) {
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the runtime API server", e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; the future completes when the function responds or reports an error. */
    public CompletableFuture<Outcome> invoke(String eventJson) {
        Pending p = new Pending(UUID.randomUUID().toString(), eventJson, new CompletableFuture<>());
        queue.add(p);
        return p.done();
    }

    /** When the runtime first asked for an invocation (its init was over), 0 if not yet. */
    public long firstNextNanos() {
        return firstNextNanos;
    }

    /** The init error the runtime reported, or null. */
    public String initError() {
        return initError;
    }

    private void handle(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        byte[] body = ex.getRequestBody().readAllBytes();
        try {
            if (!path.startsWith(PREFIX)) {
                send(ex, 404, "{\"errorMessage\":\"unknown path\"}", Map.of());
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (method.equals("GET") && rest.equals("invocation/next")) {
                if (firstNextNanos == 0) {
                    firstNextNanos = now;
                }
                Pending p = null;
                while (p == null && !closed) {
                    p = queue.poll(200, TimeUnit.MILLISECONDS);
                }
                if (p == null) {
                    send(ex, 500, "{\"errorMessage\":\"shutting down\"}", Map.of());
                    return;
                }
                inFlight.put(p.requestId(), p);
                handedOutAt.put(p.requestId(), System.nanoTime());
                send(ex, 200, p.event(), Map.of(
                        "Lambda-Runtime-Aws-Request-Id", p.requestId(),
                        "Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 50_000),
                        "Lambda-Runtime-Invoked-Function-Arn", functionArn,
                        "Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0"));
                return;
            }
            if (method.equals("POST") && rest.equals("init/error")) {
                initError = new String(body, StandardCharsets.UTF_8);
                send(ex, 202, "{\"status\":\"OK\"}", Map.of());
                return;
            }
            if (method.equals("POST") && rest.startsWith("invocation/")) {
                String[] parts = rest.split("/");
                if (parts.length == 3 && (parts[2].equals("response") || parts[2].equals("error"))) {
                    Pending p = inFlight.remove(parts[1]);
                    if (p == null) {
                        send(ex, 400, "{\"errorMessage\":\"unknown request id\"}", Map.of());
                        return;
                    }
                    send(ex, 202, "{\"status\":\"OK\"}", Map.of());
                    Long handed = handedOutAt.remove(parts[1]);
                    p.done().complete(new Outcome(p.requestId(), parts[2].equals("error"), new String(body, StandardCharsets.UTF_8),
                            handed == null ? 0 : handed, now));
                    return;
                }
            }
            send(ex, 404, "{\"errorMessage\":\"unknown path\"}", Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the runtime went away
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
