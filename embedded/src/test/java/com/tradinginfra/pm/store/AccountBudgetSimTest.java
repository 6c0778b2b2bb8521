package com.tradinginfra.pm.store;

import com.tradinginfra.pm.broker.AccountBudget;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.RequestAllowance;
import com.tradinginfra.pm.domain.RequestPriority;
import com.tradinginfra.pm.domain.RequestRate;
import com.tradinginfra.pm.embedded.EmbeddedDatabase;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account's budget in the database ({@code request_budget}) spent by several containers' brokers at
 * once, against the simulator's per-account limit. A small limit (40 a minute: a burst of 20, one more
 * token every 3 s) keeps the run well within one minute, so "any minute" is the whole run.
 */
class AccountBudgetSimTest {
    private static final int LIMIT = 40;
    private static AlpacaSimulator sim;
    private static final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        sim = AlpacaSimulator.start(Instant.parse("2026-11-23T15:00:00Z"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        sim.close();
    }

    private static String freshAccount() {
        return "budget-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** One container's bucket: its own connection, as in Components. */
    private static RequestBudgetTable bucket(String account) {
        ReusableConnection connection = new ReusableConnection(EmbeddedDatabase.shared().dataSource());
        opened.add(connection);
        return new RequestBudgetTable(connection, account, new RequestRate(LIMIT));
    }

    private static AlpacaBroker broker(String account, RequestPriority priority) {
        AlpacaBroker broker = AlpacaBroker.builder(sim.settings(account)).budget(AccountBudget.of(bucket(account), priority)).build();
        opened.add(broker);
        return broker;
    }

    /** Requests sent, and requests the budget refused before sending. */
    record Tally(int sent, int refused) {
    }

    @Test
    void fourContainersTogetherStayWithinTheAccountsLimitAndClosesAreNeverRefused() throws Exception {
        String account = freshAccount();
        sim.setRateLimit(LIMIT);
        List<AlpacaBroker> routine = List.of(broker(account, RequestPriority.ROUTINE), broker(account, RequestPriority.ROUTINE),
                broker(account, RequestPriority.ROUTINE));
        AlpacaBroker closes = broker(account, RequestPriority.CLOSE);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Tally>> routineTallies = new ArrayList<>();
            for (AlpacaBroker b : routine) {
                routineTallies.add(pool.submit(hammer(b, 15, go)));
            }
            Future<Tally> closeTally = pool.submit(hammer(closes, 8, go));
            go.countDown();
            int routineSent = 0;
            int routineRefused = 0;
            for (Future<Tally> f : routineTallies) {
                routineSent += f.get().sent();
                routineRefused += f.get().refused();
            }
            Tally close = closeTally.get();

            List<AlpacaSimulator.Request> seen = sim.requests().stream().filter(r -> account.equals(r.account())).toList();
            assertThat(seen).as("no request of the account met the simulator's limit").noneMatch(r -> r.status() == 429);
            assertThat(seen).as("every token claimed was one request, every request had a token").hasSize(routineSent + close.sent());
            assertThat(seen.size()).as("4 containers together, within the account's %d a minute", LIMIT).isLessThanOrEqualTo(LIMIT);
            assertThat(close.refused()).as("closes wait for the refill; routine work cannot take the closes' reserve").isZero();
            assertThat(close.sent()).isEqualTo(8);
            assertThat(routineRefused).as("routine work was starved once the bucket reached the closes' reserve").isPositive();
        } finally {
            pool.shutdownNow();
            sim.setRateLimit(AlpacaSimulator.DEFAULT_RATE_LIMIT);
        }
    }

    private static Callable<Tally> hammer(AlpacaBroker broker, int attempts, CountDownLatch go) {
        return () -> {
            go.await();
            int sent = 0;
            int refused = 0;
            for (int i = 0; i < attempts; i++) {
                try {
                    broker.positions();
                    sent++;
                } catch (BrokerException e) {
                    assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
                    assertThat(e.httpStatus()).as("refused by our budget, not by the broker").isZero();
                    refused++;
                }
            }
            return new Tally(sent, refused);
        };
    }

    @Test
    void closesGetTheReserveWhileRoutineWorkIsStarved() {
        String account = freshAccount();
        RequestBudgetTable discovery = bucket(account);
        RequestBudgetTable closes = bucket(account);
        RequestRate rate = discovery.rate();

        int routineGranted = 0;
        RequestAllowance.Grant last;
        while ((last = discovery.take(1, RequestPriority.ROUTINE)).granted()) {
            routineGranted++;
        }
        assertThat(routineGranted).as("routine work takes the burst down to the closes' reserve")
                .isGreaterThanOrEqualTo(rate.capacity() - rate.closeReserve());
        assertThat(last.retryIn()).as("told when it may try again").isPositive();

        for (int i = 0; i < rate.closeReserve(); i++) {
            assertThat(closes.take(1, RequestPriority.CLOSE).granted()).as("close %d of the reserve", i + 1).isTrue();
        }
        assertThat(discovery.take(1, RequestPriority.ROUTINE).granted()).as("still starved: the closes spent the reserve").isFalse();
    }

    @Test
    void aBatchClaimTakesAllOrNothing() {
        String account = freshAccount();
        RequestBudgetTable bucket = bucket(account);
        int capacity = bucket.rate().capacity();
        assertThat(bucket.take(capacity - 2, RequestPriority.CLOSE).granted()).isTrue();
        RequestAllowance.Grant tooMany = bucket.take(5, RequestPriority.CLOSE);
        assertThat(tooMany.granted()).as("5 of about 2 left: nothing taken").isFalse();
        assertThat(bucket.take(2, RequestPriority.CLOSE).granted()).as("the 2 are still there").isTrue();
    }
}
