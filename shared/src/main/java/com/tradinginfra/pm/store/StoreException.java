package com.tradinginfra.pm.store;

/** A database failure, with the operation that failed. */
public class StoreException extends RuntimeException {
    public StoreException(String operation, Throwable cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }
}
