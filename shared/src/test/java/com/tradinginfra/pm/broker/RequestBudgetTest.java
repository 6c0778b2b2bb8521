package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client-side budget on a fake clock: no test sleeps. */
class RequestBudgetTest {
    @Test
    void allowsTheLimitPerRollingWindow() {
        FakeTime time = new FakeTime();
        RequestBudget budget = new RequestBudget(3, Duration.ofMinutes(1), Duration.ofSeconds(2), time);
        budget.acquire();
        time.advance(Duration.ofSeconds(30));
        budget.acquire();
        budget.acquire();
        assertThat(budget.remaining()).isZero();

        BrokerException e = catchThrowableOfType(BrokerException.class, budget::acquire);
        assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(time.sleeps).as("30 s is beyond the 2 s bound: no wait").isEmpty();

        time.advance(Duration.ofSeconds(30));
        assertThat(budget.remaining()).isEqualTo(1);
        budget.acquire();
    }

    @Test
    void waitsBrieflyWhenTheNextSlotIsClose() {
        FakeTime time = new FakeTime();
        RequestBudget budget = new RequestBudget(2, Duration.ofMinutes(1), Duration.ofSeconds(2), time);
        budget.acquire();
        budget.acquire();
        time.advance(Duration.ofMillis(59_000));
        budget.acquire();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void rejectsANonPositiveLimit() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RequestBudget.perMinute(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
