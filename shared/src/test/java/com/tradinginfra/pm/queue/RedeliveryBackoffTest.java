package com.tradinginfra.pm.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which visibility a failed message gets, with an in-memory {@link MessageVisibility}. */
class RedeliveryBackoffTest {
    private final List<Duration> asked = new ArrayList<>();
    private final MessageVisibility recorded = (message, delay) -> asked.add(delay);

    private static SQSEvent.SQSMessage received(String receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-1");
        m.setReceiptHandle("rh-1");
        m.setAttributes(receiveCount == null ? Map.of() : Map.of("ApproximateReceiveCount", receiveCount));
        return m;
    }

    private static BrokerException failure(BrokerFailure kind, int status, Duration retryAfter) {
        return new BrokerException(kind, status, null, "x", retryAfter, null);
    }

    private void fail(RedeliveryBackoff backoff, SQSEvent.SQSMessage message, RuntimeException e) {
        SqsBatch.Item item = backoff.around(m -> {
            throw e;
        });
        assertThatThrownBy(() -> item.handle(message)).isSameAs(e);
    }

    @ParameterizedTest(name = "receive {0}: {1} s")
    @CsvSource({"1, 1", "2, 10", "3, 60"})
    void theDelayGrowsWithTheReceiveCount(String receive, long seconds) {
        fail(new RedeliveryBackoff(recorded, max -> 0), received(receive), failure(BrokerFailure.UNAVAILABLE, 503, null));
        assertThat(asked).containsExactly(Duration.ofSeconds(seconds));
    }

    @Test
    void fromTheFourthReceiveTheQueuesOwnTimeoutApplies() {
        fail(new RedeliveryBackoff(recorded, max -> 0), received("4"), failure(BrokerFailure.UNAVAILABLE, 503, null));
        fail(new RedeliveryBackoff(recorded, max -> 0), received("5"), failure(BrokerFailure.UNAVAILABLE, 0, null));
        assertThat(asked).isEmpty();
    }

    @Test
    void anEventWithoutAReceiveCountIsAFirstReceive() {
        fail(new RedeliveryBackoff(recorded, max -> 0), received(null), failure(BrokerFailure.UNAVAILABLE, 0, null));
        fail(new RedeliveryBackoff(recorded, max -> 0), received("many"), failure(BrokerFailure.UNAVAILABLE, 0, null));
        assertThat(asked).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aRateLimitWaitsAtLeastItsRetryAfterAndAtMostFiveMinutes() {
        RedeliveryBackoff backoff = new RedeliveryBackoff(recorded, max -> 0);
        fail(backoff, received("1"), failure(BrokerFailure.RATE_LIMITED, 429, Duration.ofSeconds(7)));
        fail(backoff, received("2"), failure(BrokerFailure.RATE_LIMITED, 429, Duration.ofSeconds(2)));
        fail(backoff, received("1"), failure(BrokerFailure.RATE_LIMITED, 429, Duration.ofHours(1)));
        assertThat(asked).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    @Test
    void aServerErrorsHintIsNotAReasonToWait() {
        // the adapter may derive it from X-RateLimit-Reset, which every Alpaca answer carries
        fail(new RedeliveryBackoff(recorded, max -> 0), received("1"), failure(BrokerFailure.UNAVAILABLE, 503, Duration.ofSeconds(57)));
        assertThat(asked).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void theSpreadAddsUpToAQuarterInWholeSeconds() {
        List<Long> maxima = new ArrayList<>();
        RedeliveryBackoff backoff = new RedeliveryBackoff(recorded, max -> {
            maxima.add(max);
            return max;
        });
        for (String receive : List.of("1", "2", "3")) {
            fail(backoff, received(receive), failure(BrokerFailure.UNAVAILABLE, 503, null));
        }
        assertThat(maxima).containsExactly(0L, 2L, 15L);
        assertThat(asked).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(12), Duration.ofSeconds(75));
    }

    @Test
    void refusalsBadInputAndSuccessLeaveTheVisibilityAlone() {
        RedeliveryBackoff backoff = new RedeliveryBackoff(recorded);
        fail(backoff, received("1"), failure(BrokerFailure.INSUFFICIENT_BUYING_POWER, 403, null));
        fail(backoff, received("1"), failure(BrokerFailure.REJECTED, 422, null));
        fail(backoff, received("1"), new IllegalArgumentException("lot 9 does not exist"));
        fail(backoff, received("1"), new IllegalStateException("database down"));
        assertThat(backoff.around(m -> "done").handle(received("1"))).isEqualTo("done");
        assertThat(asked).isEmpty();
    }
}
