package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.store.ConnectionSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a sweep's time goes: time spent inside JDBC statement executions (and commits), and inside
 * broker calls. Both wrap the real objects and only add a clock read per call.
 */
final class Stopwatches {
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
            "executeLargeUpdate", "executeLargeBatch", "commit", "rollback");
    final AtomicLong dbNanos = new AtomicLong();
    final AtomicLong brokerNanos = new AtomicLong();

    void reset() {
        dbNanos.set(0);
        brokerNanos.set(0);
    }

    /** A connection source whose statements' executions are timed. */
    ConnectionSource db(ConnectionSource delegate) {
        return new ConnectionSource() {
            @Override
            public Connection connection() throws SQLException {
                Connection real = delegate.connection();
                return (Connection) Proxy.newProxyInstance(Stopwatches.class.getClassLoader(), new Class<?>[]{Connection.class},
                        (proxy, method, args) -> {
                            Object result = timed(real, method, args, EXECUTES.contains(method.getName()) ? dbNanos : null);
                            return result instanceof Statement s ? statement(s) : result;
                        });
            }

            @Override
            public void invalidate() {
                delegate.invalidate();
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    private Object statement(Statement s) {
        Class<?> api = s instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(Stopwatches.class.getClassLoader(), new Class<?>[]{api},
                (proxy, method, args) -> timed(s, method, args, EXECUTES.contains(method.getName()) ? dbNanos : null));
    }

    /** A broker whose every call is timed. */
    Broker broker(Broker delegate) {
        return (Broker) Proxy.newProxyInstance(Stopwatches.class.getClassLoader(), new Class<?>[]{Broker.class},
                (proxy, method, args) -> timed(delegate, method, args, brokerNanos));
    }

    private static Object timed(Object target, Method method, Object[] args, AtomicLong into) throws Throwable {
        long t0 = into == null ? 0 : System.nanoTime();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (into != null) {
                into.addAndGet(System.nanoTime() - t0);
            }
        }
    }
}
