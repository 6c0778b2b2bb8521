package com.tradinginfra.pm.function;

import com.tradinginfra.pm.app.CloseOutcome;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A close's outcome is counted; a 401 is counted as BrokerUnauthorized and still fails the item. */
class CloseMetricsTest {

    @Test
    void aSubmittedCloseIsCountedAndAnUnauthorizedOneIsCountedAndRethrown() {
        SyncHealthMetricsTest.Recorded recorded = new SyncHealthMetricsTest.Recorded();
        FunctionMetrics metrics = new FunctionMetrics(recorded, "PositionManagerTest");

        metrics.counted(() -> new CloseOutcome.Submitted("o-1", "pm-large-7-1", "10"));
        assertThat(recorded.values).containsEntry("CloseSubmitted", 1.0).doesNotContainKey(FunctionMetrics.BROKER_UNAUTHORIZED);

        BrokerException unauthorized = new BrokerException(BrokerFailure.AUTHENTICATION, 401, null, "unauthorized");
        assertThatThrownBy(() -> metrics.counted(() -> {
            throw unauthorized;
        })).isSameAs(unauthorized);
        assertThat(recorded.values).containsEntry(FunctionMetrics.BROKER_UNAUTHORIZED, 1.0);
    }

    @Test
    void aTransientFailureIsNoCredentialsAlarm() {
        SyncHealthMetricsTest.Recorded recorded = new SyncHealthMetricsTest.Recorded();
        FunctionMetrics metrics = new FunctionMetrics(recorded, "PositionManagerTest");
        BrokerException unavailable = new BrokerException(BrokerFailure.UNAVAILABLE, 503, null, "service unavailable");
        assertThatThrownBy(() -> metrics.counted(() -> {
            throw unavailable;
        })).isSameAs(unavailable);
        assertThat(recorded.values).doesNotContainKey(FunctionMetrics.BROKER_UNAUTHORIZED);
    }
}
