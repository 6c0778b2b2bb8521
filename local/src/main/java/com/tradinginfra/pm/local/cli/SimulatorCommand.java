package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./pm simulator}: the Alpaca simulator as a standalone process on a fixed address, for
 * {@code docker-compose.yml} and {@code sam local invoke}: the simulator listens on {@code --host}:{@code --port}
 * itself. Runs until stopped.
 */
final class SimulatorCommand {
    static final String HELP = String.join("\n",
            "usage: ./pm simulator [--port 8089] [--host 127.0.0.1] [--account large] [--price SYMBOL=PRICE,...] [--start TIME]",
            "",
            "Serves the Alpaca simulator (trading and market data API alike) until stopped (Ctrl-C, SIGTERM).",
            "",
            "options:",
            "  --port N          the port (default 8089)",
            "  --host ADDRESS    the interface (default 127.0.0.1; 0.0.0.0 in a container)",
            "  --account NAMES   accounts to create, comma-separated (default large); account NAME's keys are",
            "                    ALPACA_API_KEY_ID=KEY-NAME and ALPACA_API_SECRET_KEY=SECRET-NAME",
            "  --price LIST      initial prices, e.g. AAPL=190.00,MSFT=410.50",
            "  --start TIME      the simulated clock at start, then following the wall clock (default "
                    + AlpacaSimulator.DEFAULT_START + ")");

    private final PrintStream out;
    private final CountDownLatch stop;

    /** Stopped by the JVM's shutdown (Ctrl-C, SIGTERM from docker). */
    SimulatorCommand(PrintStream out) {
        this(out, new CountDownLatch(1));
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "pm-simulator-stop"));
    }

    /** Stopped when {@code stop} opens (tests). */
    SimulatorCommand(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stop = stop;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("port", "host", "account", "price", "start"), Set.of());
        if (a.has("help")) {
            out.println(HELP);
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        long port = a.getLong("port", 8089);
        if (port < 1 || port > 65535) {
            throw new Args.UsageException("--port must be 1 to 65535, was " + port);
        }
        Instant start = start(a.get("start", AlpacaSimulator.DEFAULT_START.toString()));
        String host = a.get("host", "127.0.0.1");
        try (AlpacaSimulator sim = AlpacaSimulator.start(start, new InetSocketAddress(InetAddress.getByName(host), (int) port))) {
            for (String price : a.get("price", "").split(",")) {
                if (!price.isBlank()) {
                    setPrice(sim, price.trim());
                }
            }
            for (String account : a.get("account", "large").split(",")) {
                AlpacaSimulator.Account acc = sim.account(account.trim());
                out.println("account " + acc.name() + ": ALPACA_API_KEY_ID=" + acc.keyId() + " ALPACA_API_SECRET_KEY=" + acc.secretKey());
            }
            sim.runClock(true);
            out.println("Alpaca simulator on http://" + host + ":" + port + " (ALPACA_TRADING_URL and ALPACA_DATA_URL); Ctrl-C stops it");
            out.flush();
            stop.await();
            return 0;
        } catch (IOException e) {
            throw new Args.UsageException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new Args.UsageException("cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Instant start(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--start must be an ISO instant such as 2026-11-23T15:00:00Z, was '" + value + "'");
        }
    }

    private static void setPrice(AlpacaSimulator sim, String entry) {
        int eq = entry.indexOf('=');
        try {
            if (eq <= 0) {
                throw new NumberFormatException();
            }
            sim.setPrice(entry.substring(0, eq).trim(), new BigDecimal(entry.substring(eq + 1).trim()));
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--price entries are SYMBOL=PRICE, was '" + entry + "'");
        }
    }
}
