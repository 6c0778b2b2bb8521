package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.config.Configuration;
import com.tradinginfra.pm.config.Environment;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.local.OneMachineStack;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Runs in a child JVM for {@link SecurityTest}: a whole chain (track, exit, close, fill), a
 * wrong-key request and a configuration error, printing everything the run logs and records,
 * so the parent can search all of it for the keys.
 */
public final class SecretsProbe {
    public static void main(String[] args) throws Exception {
        Instant t = Instant.parse("2026-11-23T15:00:00Z");
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults("sec").withSweepsPerMinute(1), t))) {
            stack.simulator().setPrice("SEC", "10.00");
            EntryTrader.Opened opened = stack.dispatcher().stock("SEC", "buy", 3, new BigDecimal("9.5"), new BigDecimal("12"),
                    "swing_trade", false, t);
            for (int i = 1; i <= 3; i++) {
                Instant now = t.plusSeconds(60L * i);
                if (i == 2) {
                    stack.simulator().setPrice("SEC", "9.00");
                }
                stack.advanceTo(now);
                System.out.println("tick " + stack.tick(now));
                stack.drain();
            }
            AlpacaSettings wrong = new AlpacaSettings(stack.brokerSettings().keyId(), "WRONG-SECRET-sec", stack.brokerSettings().tradingUrl(),
                    stack.brokerSettings().dataUrl());
            try (AlpacaBroker broker = new AlpacaBroker(wrong)) {
                broker.positions();
            } catch (RuntimeException e) {
                System.out.println("wrong key: " + e);
            }
            System.out.println("settings: " + stack.brokerSettings());
            try (var c = stack.dataSource().getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT event_type, details::text FROM position_events ORDER BY id")) {
                while (rs.next()) {
                    System.out.println("event " + rs.getString(1) + " " + rs.getString(2));
                }
            }
            System.out.println("closed " + opened.executionId());
        }
        try {
            Configuration.from(new Environment(Map.of("ACCOUNT_NAME", "sec", "DB_URL", "postgres://nope", "DB_PASSWORD", "DBSECRET-sec",
                    "ALPACA_API_KEY_ID", "KEY-sec", "ALPACA_API_SECRET_KEY", "SECRET-sec", "DEFAULT_STOP_LOSS_PCT", "abc")));
        } catch (RuntimeException e) {
            System.out.println("config error: " + e.getMessage());
        }
        Configuration ok = Configuration.from(new Environment(Map.of("ACCOUNT_NAME", "sec", "DB_URL", "jdbc:postgresql://h/db?password=DBSECRET-sec",
                "DB_PASSWORD", "DBSECRET-sec", "ALPACA_API_KEY_ID", "KEY-sec", "ALPACA_API_SECRET_KEY", "SECRET-sec")));
        System.out.println("config: " + ok);
        System.out.println("PROBE DONE");
        System.out.flush();
        System.exit(0);
    }
}
