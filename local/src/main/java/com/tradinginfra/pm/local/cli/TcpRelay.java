package com.tradinginfra.pm.local.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays TCP connections from a chosen address to a loopback server, byte for byte: the simulator
 * picks its own loopback port, and containers need a fixed port on another interface.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code host:port} and relays every connection to the server of {@code targetUrl}. */
    static TcpRelay open(String host, int port, String targetUrl) throws IOException {
        URI uri = URI.create(targetUrl);
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        TcpRelay relay = new TcpRelay(server, new InetSocketAddress(uri.getHost(), uri.getPort()));
        Thread accept = new Thread(relay::accept, "pm-simulator-relay");
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                AtomicInteger open = new AtomicInteger(2);
                pump(client, upstream, open);
                pump(upstream, client, open);
            } catch (IOException e) {
                // closed, or one connection failed: the next accept decides
            }
        }
    }

    /** Copies one direction, then half-closes it; the second direction to end closes both sockets. */
    private static void pump(Socket from, Socket to, AtomicInteger open) {
        Thread t = new Thread(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException e) {
                open.set(1); // a reset: close both now
            } finally {
                if (open.decrementAndGet() <= 0) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "pm-simulator-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
