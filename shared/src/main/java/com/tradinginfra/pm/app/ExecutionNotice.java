package com.tradinginfra.pm.app;

import java.util.Objects;
import java.util.UUID;

/**
 * The dispatcher's notice that an execution filled: {@code {"execution_id": "<uuid>"}} on the
 * ExecutionQueue, so the lot exists within seconds instead of at the next tick.
 */
public record ExecutionNotice(UUID executionId) {
    public ExecutionNotice {
        Objects.requireNonNull(executionId, "executionId");
    }
}
