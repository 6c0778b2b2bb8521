package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.DaySummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/** Sync records the day's summary once, at the first tick {@link SyncService#SUMMARY_AFTER_CLOSE} after the broker's close. */
class DaySummarySyncTest {
    /** 2026-11-20 closes at 16:00 New York = 21:00 UTC. */
    private static final Instant CLOSE = Instant.parse("2026-11-20T21:00:00Z");
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession();
    private final SyncService service = new SyncService(Fixtures.settings(), store, broker, new FakeOutbound());

    private SyncReport tick(Instant t) {
        broker.at(t);
        return service.sync(t);
    }

    private long closedByItsTarget() {
        long id = store.insert(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"),
                Fixtures.OPEN);
        broker.holding("AAPL", "10", "100.00");
        broker.filledBracket("entry-1", "AAPL", "10", "stop-1", "target-1");
        broker.fill("target-1", "115.20", CLOSE.minusSeconds(3600));
        return id;
    }

    @Test
    void theFirstTickFiveMinutesAfterTheCloseRecordsTheDaysSummaryAndNoLaterTickRecordsItAgain() {
        long id = closedByItsTarget();

        SyncReport atTheClose = tick(CLOSE);
        SyncReport justBefore = tick(CLOSE.plusSeconds(4 * 60));
        assertThat(atTheClose.recordedSummary()).isEmpty();
        assertThat(justBefore.recordedSummary()).as("the last closes are confirmed in the minutes after the close").isEmpty();
        assertThat(store.row(id).closedAt).isNotNull();

        SyncReport after = tick(CLOSE.plusSeconds(5 * 60));

        assertThat(after.recordedSummary()).hasValueSatisfying(s -> {
            assertThat(s.day()).isEqualTo(DAY);
            assertThat(s.lotsClosed()).isEqualTo(1);
            assertThat(s.wins()).isEqualTo(1);
            assertThat(s.realizedPnl()).isEqualByComparingTo("152.00");
            assertThat(s.byReason()).containsOnlyKeys(CloseReason.TAKE_PROFIT);
            assertThat(s.byStrategy()).containsOnlyKeys("swing_trade");
        });
        assertThat(tick(CLOSE.plusSeconds(6 * 60)).recordedSummary()).isEmpty();
        assertThat(tick(CLOSE.plusSeconds(3 * 3600)).recordedSummary()).isEmpty();
        assertThat(store.summaries()).containsOnlyKeys(ACCOUNT + "/" + DAY);
    }

    @Test
    void anEarlyCloseFromTheBrokersCalendarIsWhenTheDayEnds() {
        LocalDate friday = LocalDate.of(2026, 11, 27);
        broker.session(friday, LocalTime.of(9, 30), LocalTime.of(13, 0));
        Instant earlyClose = Instant.parse("2026-11-27T18:00:00Z");

        assertThat(tick(earlyClose.plusSeconds(4 * 60)).recordedSummary()).isEmpty();
        DaySummary s = tick(earlyClose.plusSeconds(5 * 60)).recordedSummary().orElseThrow();

        assertThat(s.day()).isEqualTo(friday);
        assertThat(s.lotsClosed()).isZero();
        assertThat(s.winRatePercent()).isEmpty();
    }

    @Test
    void aDayWithoutASessionRecordsNothing() {
        Instant saturdayEvening = Instant.parse("2026-11-21T23:00:00Z");
        assertThat(tick(saturdayEvening).recordedSummary()).isEmpty();
        assertThat(store.summaries()).isEmpty();
    }
}
