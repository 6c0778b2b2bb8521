package com.tradinginfra.pm.app;

import org.slf4j.MDC;

import java.util.function.Supplier;

/**
 * The keys every function's log lines carry as JSON fields, kept in SLF4J's MDC: the functions' JSON
 * encoder ({@code config.JsonLogEncoder}, with the keys of Powertools' {@code LambdaJsonLayout.json}) writes
 * each MDC entry as a top-level key, so CloudWatch Logs Insights can filter on {@code lot_id} without parsing text.
 *
 * <p>The account lasts one invocation ({@link #forAccount}); the keys of one message last until that
 * message's work ends ({@link #message}), so they never reach the next message's lines.
 */
public final class LogKeys {
    public static final String ACCOUNT = "account";
    public static final String MESSAGE_ID = "message_id";
    public static final String LOT_ID = "lot_id";
    public static final String SYMBOL = "symbol";
    public static final String CLIENT_ORDER_ID = "client_order_id";

    private LogKeys() {
    }

    /** Runs {@code work} with {@code account} on every line it logs. */
    public static <T> T forAccount(String account, Supplier<T> work) {
        MDC.put(ACCOUNT, account);
        try {
            return work.get();
        } finally {
            MDC.remove(ACCOUNT);
        }
    }

    /** Opens the keys of one message; closing it removes them and every key added for the message since. */
    public static Message message(String messageId) {
        put(MESSAGE_ID, messageId);
        return new Message();
    }

    /** The lot a message or a close is about. */
    public static void lot(long lotId) {
        MDC.put(LOT_ID, Long.toString(lotId));
    }

    /** The broker symbol (the OCC symbol for an option) and the close's {@code client_order_id}. */
    public static void order(String symbol, String clientOrderId) {
        put(SYMBOL, symbol);
        put(CLIENT_ORDER_ID, clientOrderId);
    }

    /** Removes the keys of a lot ({@code lot_id}, {@code symbol}, {@code client_order_id}), e.g. after a batch of lots. */
    public static void forgetLot() {
        MDC.remove(LOT_ID);
        MDC.remove(SYMBOL);
        MDC.remove(CLIENT_ORDER_ID);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** The scope of one message's keys: use it in try-with-resources so they are cleared on every path. */
    public static final class Message implements AutoCloseable {
        private Message() {
        }

        @Override
        public void close() {
            MDC.remove(MESSAGE_ID);
            MDC.remove(LOT_ID);
            MDC.remove(SYMBOL);
            MDC.remove(CLIENT_ORDER_ID);
        }
    }
}
