package com.tradinginfra.pm.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One account's row of the health view ({@code v_position_health_by_account}), the counts an
 * operator watches, and when its open lots were last swept.
 *
 * @param open          open lots
 * @param closing       lots with a close in progress
 * @param stale         open lots not checked for 5+ minutes
 * @param missingBrackets open stock lots whose protective orders were not accepted
 * @param closeFailed   lots whose close failed after its bounded attempts
 * @param stuckClosing  lots closing for 5+ minutes
 * @param expiringSoon  open options expiring within 24 hours
 * @param lastSweptAt   the newest sweep time of an open lot; null when none is open or none was swept
 */
public record PositionHealth(long open, long closing, long stale, long missingBrackets, long closeFailed,
                             long stuckClosing, long expiringSoon, Instant lastSweptAt) {

    /** How long before {@code asOf} the open lots were last swept; empty when there is no such sweep. */
    public Optional<Duration> sweepAge(Instant asOf) {
        return Optional.ofNullable(lastSweptAt).map(at -> Duration.between(at, asOf));
    }
}
