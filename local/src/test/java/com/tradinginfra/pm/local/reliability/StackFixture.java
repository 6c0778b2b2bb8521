package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.local.OneMachineStack;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A simulated stack and the moves tests make with it: minutes, redeliveries, SQL reads. */
public final class StackFixture implements AutoCloseable, AfterAllCallback {
    /** Monday 2026-11-23, 10:00 ET. */
    static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");

    final OneMachineStack stack;
    final AlpacaSimulator sim;
    Instant now = OPEN;
    private final List<ReusableConnection> extra = new ArrayList<>();

    StackFixture(ManagerSettings settings) {
        this(settings, OneMachineStack.Options.simulated(settings, OPEN).visibilityTimeout());
    }

    /** With the queues' visibility timeout, e.g. the template's instead of the fast local 2 s. */
    StackFixture(ManagerSettings settings, java.time.Duration visibilityTimeout) {
        stack = OneMachineStack.start(new OneMachineStack.Options(settings, null, null, null, true, visibilityTimeout, OPEN));
        sim = stack.simulator();
    }

    StackFixture() {
        this(ManagerSettings.defaults("large").withSweepsPerMinute(1));
    }

    /** One simulated minute: the clock moves, the tick fires, every queue is drained. */
    void minute() {
        now = now.plusSeconds(60);
        stack.advanceTo(now);
        stack.tick(now);
        stack.drain();
    }

    /** One simulated minute whose tick has run when {@code afterTick} sets faults: they meet the sweep and the closes, not sync. */
    void minute(Runnable afterTick) {
        now = now.plusSeconds(60);
        stack.advanceTo(now);
        stack.tick(now);
        afterTick.run();
        stack.drain();
    }

    void minutes(int n) {
        for (int i = 0; i < n; i++) {
            minute();
        }
    }

    /** Waits out the local visibility timeout so failed items come back, then drains. */
    void redeliver() {
        try {
            Thread.sleep(2_300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stack.drain();
    }

    /** A second, independent container of the functions that sends to no queue. */
    Components container() {
        return container(Outbound.NONE);
    }

    /** A second, independent container of the functions (its own connection and broker client). */
    Components container(Outbound outbound) {
        ReusableConnection c = new ReusableConnection(stack.dataSource());
        extra.add(c);
        return new Components(stack.settings(), new JdbcPositionStore(c), new AlpacaBroker(stack.brokerSettings()), outbound);
    }

    Map<String, Object> row(String sql) {
        List<Map<String, Object>> rows = rows(sql);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    List<Map<String, Object>> rows(String sql) {
        try (Connection c = stack.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void sql(String sql) {
        try (Connection c = stack.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        return ((Number) row(sql).values().iterator().next()).longValue();
    }

    Map<String, Object> lotOf(Object executionId) {
        return row("SELECT * FROM active_positions WHERE execution_id = '" + executionId + "'");
    }

    /** Orders the position manager sent (client order ids it made). */
    List<AlpacaSimulator.Order> ourOrders(String symbol) {
        return ourOrders(sim, stack.account(), symbol);
    }

    /** The position manager's sell orders for a symbol. */
    List<AlpacaSimulator.Order> ourSells(String symbol) {
        return ourSells(sim, stack.account(), symbol);
    }

    /** Orders the position manager sent for {@code symbol} in {@code account}: client order ids it made ({@code pm-...}). */
    public static List<AlpacaSimulator.Order> ourOrders(AlpacaSimulator sim, String account, String symbol) {
        return sim.orders(account).stream()
                .filter(o -> o.symbol().equals(symbol) && o.clientOrderId() != null && o.clientOrderId().startsWith("pm-"))
                .toList();
    }

    /** The position manager's sell orders for {@code symbol} in {@code account}. */
    public static List<AlpacaSimulator.Order> ourSells(AlpacaSimulator sim, String account, String symbol) {
        return ourOrders(sim, account, symbol).stream().filter(o -> o.side().equals("sell")).toList();
    }

    /** As a JUnit extension ({@code @RegisterExtension static final StackFixture f = ...}): one stack per test class. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        extra.forEach(ReusableConnection::close);
        stack.close();
    }
}
