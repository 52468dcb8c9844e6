package io.ticktape.kernel;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session starts against java.time computed afresh for every time, in zones with and without daylight saving.
 */
class SessionCalendarTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final String[] ZONES = { "America/Chicago", "Europe/London", "Asia/Tokyo", "UTC",
        "Australia/Lord_Howe", "America/Sao_Paulo" };

    @Property(tries = 300)
    void shouldMatchJavaTimeWhenTimesWanderAcrossYears(
        @ForAll @IntRange(min = 0, max = 5) final int zoneIndex,
        @ForAll @IntRange(min = 0, max = 23) final int hour,
        @ForAll @IntRange(min = 0, max = 3) final int quarter,
        @ForAll @LongRange(min = -2_000_000_000L, max = 4_000_000_000L) final long startSecond,
        @ForAll("steps") final List<Long> stepsSeconds)
    {
        final ZoneId zone = ZoneId.of(ZONES[zoneIndex]);
        final LocalTime start = LocalTime.of(hour, quarter * 15);
        final SessionCalendar calendar = new SessionCalendar(zone, start);
        long second = startSecond;
        for (final long step : stepsSeconds)
        {
            second += step;
            final long timeNs = second * SECOND + Math.floorMod(step * 7919, SECOND);
            assertThat(calendar.sessionStart(timeNs)).as("%s %s at %s", zone, start, Instant.ofEpochSecond(second))
                .isEqualTo(naiveStart(zone, start, timeNs));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Long>> steps()
    {
        return net.jqwik.api.Arbitraries.oneOf(
            net.jqwik.api.Arbitraries.longs().between(-3_600, 3_600),
            net.jqwik.api.Arbitraries.longs().between(-200_000, 200_000),
            net.jqwik.api.Arbitraries.longs().between(-100_000_000L, 100_000_000L))
            .list().ofMinSize(1).ofMaxSize(60);
    }

    /** The latest local start at or before the time: today's, or yesterday's (or the day before, across a gap). */
    private static long naiveStart(final ZoneId zone, final LocalTime start, final long timeNs)
    {
        final Instant instant = Instant.ofEpochSecond(Math.floorDiv(timeNs, SECOND), Math.floorMod(timeNs, SECOND));
        ZonedDateTime candidate = ZonedDateTime.of(instant.atZone(zone).toLocalDate().plusDays(1), start, zone);
        while (toNs(candidate) > timeNs)
        {
            candidate = ZonedDateTime.of(candidate.toLocalDate().minusDays(1), start, zone);
        }
        return toNs(candidate);
    }

    private static long toNs(final ZonedDateTime time)
    {
        return time.toEpochSecond() * SECOND + time.getNano();
    }

    @Test
    void shouldStartCmeSessionAtFivePmChicagoAcrossDaylightSavingChange()
    {
        final SessionCalendar calendar = new SessionCalendar(CHICAGO, LocalTime.of(17, 0));
        // 2026-03-08: US clocks go forward. Before: 17:00 CST = 23:00 UTC; after: 17:00 CDT = 22:00 UTC.
        assertThat(calendar.sessionStart(ns("2026-03-06T23:30:00Z"))).isEqualTo(ns("2026-03-06T23:00:00Z"));
        assertThat(calendar.sessionStart(ns("2026-03-08T21:59:59Z"))).isEqualTo(ns("2026-03-07T23:00:00Z"));
        assertThat(calendar.sessionStart(ns("2026-03-08T22:00:00Z"))).isEqualTo(ns("2026-03-08T22:00:00Z"));
        assertThat(calendar.sessionStart(ns("2026-03-09T21:00:00Z"))).isEqualTo(ns("2026-03-08T22:00:00Z"));
    }

    @Test
    void shouldResetVwapAtChicagoSessionStart()
    {
        final RecordingSink sink = new RecordingSink();
        final AnalyticsKernel kernel = new AnalyticsKernel(new long[] { TimeUnit.MINUTES.toNanos(1) },
            new SessionCalendar(CHICAGO, LocalTime.of(17, 0)), sink, () -> 1, null, new Counters(),
            KernelConfiguration.disabled(), BarConfiguration.defaults());
        final long[] times = {
            ns("2026-07-01T21:59:59Z"), ns("2026-07-01T22:00:00Z"), ns("2026-07-02T21:00:00Z"),
            ns("2026-12-01T22:30:00Z"), ns("2026-12-01T23:00:00Z") };
        final List<Long> sessions = new ArrayList<>();
        long seq = 0;
        for (final long time : times)
        {
            final Tick trade = new Tick();
            trade.type = TickType.TRADE;
            trade.globalSeq = ++seq;
            trade.instrumentId = 1;
            trade.exchangeTimeNs = time;
            trade.priceMantissa = 100;
            trade.size = 1;
            kernel.onTick(trade);
            sessions.add(sink.vwaps().get(sink.vwaps().size() - 1).sessionStartNs());
        }
        assertThat(sessions).containsExactly(
            ns("2026-06-30T22:00:00Z"), ns("2026-07-01T22:00:00Z"), ns("2026-07-01T22:00:00Z"),
            ns("2026-11-30T23:00:00Z"), ns("2026-12-01T23:00:00Z"));
        assertThat(sink.vwaps()).extracting(RecordingSink.VwapView::tradeCount).containsExactly(1L, 1L, 2L, 1L, 1L);
    }

    private static long ns(final String instant)
    {
        return Instant.parse(instant).getEpochSecond() * SECOND;
    }
}
