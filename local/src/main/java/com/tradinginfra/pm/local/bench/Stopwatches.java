package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.domain.Broker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a sweep's time goes inside broker calls (the database side is {@code RoundTripCounter#nanos}):
 * wraps the real broker and only adds a clock read per call.
 */
final class Stopwatches {
    final AtomicLong brokerNanos = new AtomicLong();

    void reset() {
        brokerNanos.set(0);
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
