package com.tradinginfra.pm.queue;

/** A queue message that cannot be read; the message names the field. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }
}
