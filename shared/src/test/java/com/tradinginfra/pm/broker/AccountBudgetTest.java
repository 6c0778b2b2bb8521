package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.RequestAllowance;
import com.tradinginfra.pm.domain.RequestPriority;
import com.tradinginfra.pm.domain.RequestRate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How one container spends the account's budget: claims, their reuse, bounded waits. A fake clock: no test sleeps. */
class AccountBudgetTest {

    /** Answers claims from a script and records them. */
    static final class ScriptedAllowance implements RequestAllowance {
        final Deque<Grant> answers = new ArrayDeque<>();
        final List<Integer> claims = new ArrayList<>();

        @Override
        public Grant take(int requests, RequestPriority priority) {
            claims.add(requests);
            return answers.isEmpty() ? Grant.GRANTED : answers.poll();
        }

        @Override
        public RequestRate rate() {
            return new RequestRate(190);
        }
    }

    private static RequestAllowance.Grant refused(long millis) {
        return new RequestAllowance.Grant(false, Duration.ofMillis(millis));
    }

    @Test
    void oneClaimServesTheNextRequestsForAMoment() {
        ScriptedAllowance allowance = new ScriptedAllowance();
        FakeTime time = new FakeTime();
        AccountBudget budget = new AccountBudget(allowance, RequestPriority.CLOSE, 3, Duration.ofSeconds(5), Duration.ofSeconds(1), time);

        budget.acquire();
        budget.acquire();
        budget.acquire();
        assertThat(allowance.claims).as("three requests, one claim of three").containsExactly(3);

        budget.acquire();
        budget.acquire();
        time.nanos += Duration.ofSeconds(2).toNanos();
        budget.acquire();
        assertThat(allowance.claims).as("the claim's last token was not kept past its second").containsExactly(3, 3, 3);
    }

    @Test
    void aRefusedClaimTriesForOneTokenThenWaitsBriefly() {
        ScriptedAllowance allowance = new ScriptedAllowance();
        allowance.answers.add(refused(2_000));
        allowance.answers.add(refused(400));
        FakeTime time = new FakeTime();
        AccountBudget budget = new AccountBudget(allowance, RequestPriority.CLOSE, 3, Duration.ofSeconds(5), Duration.ofSeconds(1), time);

        budget.acquire();

        assertThat(allowance.claims).containsExactly(3, 1, 1);
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(400));
    }

    @Test
    void beyondItsWaitTheRequestIsRateLimitedWithTheWaitAsRetryAfter() {
        ScriptedAllowance allowance = new ScriptedAllowance();
        allowance.answers.add(refused(15_000));
        allowance.answers.add(refused(15_000));
        FakeTime time = new FakeTime();
        AccountBudget budget = new AccountBudget(allowance, RequestPriority.ROUTINE, 2, Duration.ofSeconds(2), Duration.ofSeconds(1), time);

        BrokerException e = catchThrowableOfType(BrokerException.class, budget::acquire);

        assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(15));
        assertThat(e.httpStatus()).as("our budget, not the broker's answer").isZero();
        assertThat(time.sleeps).as("no sleeping beyond the bound").isEmpty();
    }

    @Test
    void waitsAddUpToTwiceTheBoundWithinAnInvocation() {
        ScriptedAllowance allowance = new ScriptedAllowance();
        FakeTime time = new FakeTime();
        time.nanos = Duration.ofMinutes(5).toNanos();
        AccountBudget budget = new AccountBudget(allowance, RequestPriority.CLOSE, 1, Duration.ofSeconds(5), Duration.ofSeconds(1), time);
        for (int i = 0; i < 2; i++) {
            allowance.answers.add(refused(4_000));
            allowance.answers.add(RequestAllowance.Grant.GRANTED);
        }
        allowance.answers.add(refused(4_000));

        budget.acquire();
        budget.acquire();
        BrokerException third = catchThrowableOfType(BrokerException.class, budget::acquire);

        assertThat(time.sleeps).as("8 s waited; 4 more would pass the 10 s of the window").containsExactly(Duration.ofSeconds(4),
                Duration.ofSeconds(4));
        assertThat(third.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
        time.nanos += AccountBudget.WAIT_WINDOW.toNanos();
        allowance.answers.add(refused(4_000));
        budget.acquire();
        assertThat(time.sleeps).as("a new window, a new allowance").hasSize(3);
    }

    @Test
    void theRateKeepsAnyMinuteWithinTheLimit() {
        RequestRate rate = new RequestRate(190);
        // burst + a minute of refill = the limit; routine work leaves the closes a reserve
        assertThat(rate.capacity() + rate.refillPerSecond().doubleValue() * 60).isLessThanOrEqualTo(190);
        assertThat(rate.capacity()).isEqualTo(95);
        assertThat(rate.floor(RequestPriority.CLOSE)).isZero();
        assertThat(rate.floor(RequestPriority.ROUTINE)).isEqualTo(23);
    }
}
