package com.tradinginfra.pm.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * A broker call that failed, classified. The message is the broker's own text (it never holds
 * credentials), so it can go into events as it is.
 */
public class BrokerException extends RuntimeException {
    private final BrokerFailure failure;
    private final int httpStatus;
    private final Integer code;
    private final Duration retryAfter;

    public BrokerException(BrokerFailure failure, int httpStatus, Integer code, String message,
                           Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public BrokerException(BrokerFailure failure, int httpStatus, Integer code, String message) {
        this(failure, httpStatus, code, message, null, null);
    }

    public BrokerFailure failure() {
        return failure;
    }

    /** 0 when no HTTP response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Integer> code() {
        return Optional.ofNullable(code);
    }

    /** The server's {@code Retry-After} or rate-limit reset, when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean isTransient() {
        return failure.isTransient();
    }
}
