package com.tradinginfra.pm.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts database round trips (statement executions, commits, rollbacks) through a
 * {@link ConnectionSource}, and the time spent in them: what tests and the benchmark use to prove
 * a sweep is O(1) and to see where its time goes.
 */
public final class RoundTripCounter implements ConnectionSource {
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
            "executeLargeUpdate", "executeLargeBatch");
    private final ConnectionSource delegate;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    public RoundTripCounter(ConnectionSource delegate) {
        this.delegate = delegate;
    }

    public long count() {
        return count.get();
    }

    /** Nanoseconds spent inside the counted round trips. */
    public long nanos() {
        return nanos.get();
    }

    public void reset() {
        count.set(0);
        nanos.set(0);
    }

    @Override
    public Connection connection() throws SQLException {
        Connection real = delegate.connection();
        return (Connection) Proxy.newProxyInstance(RoundTripCounter.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    boolean roundTrip = name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0);
                    Object result = roundTrip ? counted(real, method, args) : invoke(real, method, args);
                    return result instanceof Statement statement ? wrap(statement) : result;
                });
    }

    private Object wrap(Statement statement) {
        Class<?> api = statement instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : statement instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        InvocationHandler handler = (proxy, method, args) ->
                EXECUTES.contains(method.getName()) ? counted(statement, method, args) : invoke(statement, method, args);
        return Proxy.newProxyInstance(RoundTripCounter.class.getClassLoader(), new Class<?>[]{api}, handler);
    }

    private Object counted(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        count.incrementAndGet();
        long start = System.nanoTime();
        try {
            return invoke(target, method, args);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void invalidate() {
        delegate.invalidate();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
