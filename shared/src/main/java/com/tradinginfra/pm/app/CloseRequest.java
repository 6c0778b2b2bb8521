package com.tradinginfra.pm.app;

import java.time.Instant;
import java.util.Objects;

/**
 * Close one lot: attempt {@code attempt} of its close, for {@code reason}. The attempt number makes
 * the broker's {@code client_order_id} deterministic.
 */
public record CloseRequest(String account, long lotId, int attempt, String reason, Instant asOf) {
    public CloseRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(asOf, "asOf");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }
}
