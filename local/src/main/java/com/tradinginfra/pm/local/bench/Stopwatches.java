package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.domain.Broker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a sweep's time goes inside broker calls (the database side is {@code RoundTripCounter#nanos}):
 * wraps the real broker and only adds a clock read per call. Calls that overlap (the sweep's price
 * batches run concurrently) count once: the figure is wall time with a broker call in flight.
 */
final class Stopwatches {
    /** Wall time during which at least one broker call was in flight (price batches run concurrently). */
    final AtomicLong brokerNanos = new AtomicLong();
    private int inFlight;
    private long busySince;

    synchronized void reset() {
        brokerNanos.set(0);
    }

    /** A broker whose every call is timed. */
    Broker broker(Broker delegate) {
        return (Broker) Proxy.newProxyInstance(Stopwatches.class.getClassLoader(), new Class<?>[]{Broker.class},
                (proxy, method, args) -> timed(delegate, method, args));
    }

    private Object timed(Object target, Method method, Object[] args) throws Throwable {
        enter();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            leave();
        }
    }

    private synchronized void enter() {
        if (inFlight++ == 0) {
            busySince = System.nanoTime();
        }
    }

    private synchronized void leave() {
        if (--inFlight == 0) {
            brokerNanos.addAndGet(System.nanoTime() - busySince);
        }
    }
}
