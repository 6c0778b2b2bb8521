package com.tradinginfra.pm.embedded.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fault switches of an {@link AlpacaSimulator}, for reliability tests. Each rule matches a method
 * ({@code null} or {@code "*"} for any) and a path prefix such as {@code /v2/orders}; counted rules
 * are used up one matching request at a time. Thread-safe.
 */
public final class SimFaults {

    /** What to do with a request. */
    enum Kind { FAIL, ACCEPT_THEN_FAIL, DELAY, RESET }

    static final class Rule {
        final Kind kind;
        final String method;
        final String pathPrefix;
        final int status;
        final Duration delay;
        int remaining; // < 0: unlimited

        Rule(Kind kind, String method, String pathPrefix, int status, Duration delay, int times) {
            this.kind = kind;
            this.method = method == null || method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
            this.pathPrefix = pathPrefix == null ? "" : pathPrefix;
            this.status = status;
            this.delay = delay;
            this.remaining = times;
        }

        boolean matches(String m, String path) {
            return (method == null || method.equals(m)) && path.startsWith(pathPrefix);
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Set<String> buyingPowerRejects = new HashSet<>();
    private boolean patternDayTrading;
    private final List<String> fillBeforeCancel = new ArrayList<>();
    private final List<String> fillWhileCancelPending = new ArrayList<>();

    SimFaults() {
    }

    /** The next {@code times} matching requests are answered with {@code httpStatus} without being processed. */
    public synchronized SimFaults failNext(String method, String pathPrefix, int httpStatus, int times) {
        rules.add(new Rule(Kind.FAIL, method, pathPrefix, httpStatus, null, times));
        return this;
    }

    /**
     * The next {@code times} matching requests are processed completely (an order IS created) and
     * then answered with 500: a lost response.
     */
    public synchronized SimFaults acceptThenFail(String method, String pathPrefix, int times) {
        rules.add(new Rule(Kind.ACCEPT_THEN_FAIL, method, pathPrefix, 500, null, times));
        return this;
    }

    /** Every matching request waits {@code delay} before it is processed, until {@link #clear()}. */
    public synchronized SimFaults delay(String pathPrefix, Duration delay) {
        rules.add(new Rule(Kind.DELAY, null, pathPrefix, 0, delay, -1));
        return this;
    }

    /** The next {@code times} matching requests wait {@code delay} before they are processed. */
    public synchronized SimFaults delay(String pathPrefix, Duration delay, int times) {
        rules.add(new Rule(Kind.DELAY, null, pathPrefix, 0, delay, times));
        return this;
    }

    /** The next {@code times} matching requests get their connection closed without any response. */
    public synchronized SimFaults resetConnection(String pathPrefix, int times) {
        rules.add(new Rule(Kind.RESET, null, pathPrefix, 0, null, times));
        return this;
    }

    /**
     * Orders that reduce the position in {@code symbol} are rejected with 403 40310000
     * "insufficient options buying power for cash-secured put", until {@link #clear()}.
     */
    public synchronized SimFaults rejectCloseWithBuyingPower(String symbol) {
        buyingPowerRejects.add(symbol.toUpperCase(Locale.ROOT));
        return this;
    }

    /** While on, every order is rejected with 403 40310100 (pattern day trading protection). */
    public synchronized SimFaults patternDayTrading(boolean on) {
        this.patternDayTrading = on;
        return this;
    }

    /**
     * The next cancel of an order of {@code symbol} comes too late: the order fills at the current
     * price just before, and the cancel is refused with 422 42210000 "order is not cancelable"
     * (what that answer usually means, ALPACA.md). Once per call.
     */
    public synchronized SimFaults fillBeforeCancel(String symbol) {
        fillBeforeCancel.add(symbol.toUpperCase(Locale.ROOT));
        return this;
    }

    /**
     * The next cancel of an order of {@code symbol} is accepted (204, {@code pending_cancel}), but the
     * order fills at the current price before the venue confirms the cancel. Once per call.
     */
    public synchronized SimFaults fillWhileCancelPending(String symbol) {
        fillWhileCancelPending.add(symbol.toUpperCase(Locale.ROOT));
        return this;
    }

    /** Removes every fault. */
    public synchronized void clear() {
        rules.clear();
        buyingPowerRejects.clear();
        patternDayTrading = false;
        fillBeforeCancel.clear();
        fillWhileCancelPending.clear();
    }

    synchronized boolean takeFillBeforeCancel(String symbol) {
        return fillBeforeCancel.remove(symbol);
    }

    synchronized boolean takeFillWhileCancelPending(String symbol) {
        return fillWhileCancelPending.remove(symbol);
    }

    /** Takes (uses up one of) the first rule of this kind matching the request, or null. */
    synchronized Rule take(Kind kind, String method, String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (r.kind == kind && r.matches(method, path)) {
                if (r.remaining > 0 && --r.remaining == 0) {
                    it.remove();
                }
                return r;
            }
        }
        return null;
    }

    synchronized boolean rejectsCloseWithBuyingPower(String symbol) {
        return buyingPowerRejects.contains(symbol);
    }

    synchronized boolean patternDayTrading() {
        return patternDayTrading;
    }
}
