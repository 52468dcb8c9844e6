package io.ticktape.kernel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

/**
 * Where VWAP sessions start: every day at a local time of day in a time zone (UTC, or an exchange's zone such as
 * {@code America/Chicago} at 17:00 for CME Globex), so sessions follow daylight saving time.
 * <p>
 * <b>No time-zone math per tick.</b> Session starts are precomputed into a table of {@link #TABLE_SESSIONS}
 * boundaries, and the session holding the latest time asked is cached: a time inside it costs two comparisons. A time
 * outside the cache is found in the table by binary search; only a time outside the table (once per
 * {@code TABLE_SESSIONS} days of tick time, or a far jump) recomputes it with {@code java.time}, which allocates a few
 * objects on that one tick. With a fixed zone offset (UTC), sessions are plain arithmetic and never touch the table.
 * <p>
 * A local start time that does not exist on a day (skipped by a daylight-saving change) moves later by the gap, as
 * {@link ZonedDateTime#of} does; a time that occurs twice uses the earlier offset. Single writer.
 */
public final class SessionCalendar
{
    /** Session starts held in the precomputed table. */
    public static final int TABLE_SESSIONS = 512;
    private static final long DAY_NS = TimeUnit.DAYS.toNanos(1);

    private final ZoneId zone;
    private final LocalTime startTime;
    private final boolean fixed;
    private final long fixedOffsetNs;
    private final long fixedLengthNs;
    private final long[] table = new long[TABLE_SESSIONS];
    private long cachedStartNs = 1;
    private long cachedEndNs = 0;

    /**
     * @param zone      the exchange's time zone.
     * @param startTime local time of day at which each session starts.
     */
    public SessionCalendar(final ZoneId zone, final LocalTime startTime)
    {
        this.zone = zone;
        this.startTime = startTime;
        fixed = zone.getRules().isFixedOffset();
        final long zoneOffsetNs = fixed ?
            TimeUnit.SECONDS.toNanos(zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds()) : 0;
        fixedOffsetNs = Math.floorMod(startTime.toNanoOfDay() - zoneOffsetNs, DAY_NS);
        fixedLengthNs = DAY_NS;
        table[0] = Long.MAX_VALUE;
    }

    /**
     * Sessions of a fixed length starting at an offset from the epoch (a UTC day from midnight with length one day
     * and offset 0).
     *
     * @param sessionLengthNs session length, positive.
     * @param sessionOffsetNs where sessions start, from the epoch modulo the length.
     * @return the calendar.
     */
    public static SessionCalendar fixedLength(final long sessionLengthNs, final long sessionOffsetNs)
    {
        if (sessionLengthNs <= 0)
        {
            throw new IllegalArgumentException("session length must be positive: " + sessionLengthNs);
        }
        return new SessionCalendar(sessionLengthNs, sessionOffsetNs);
    }

    private SessionCalendar(final long lengthNs, final long offsetNs)
    {
        zone = ZoneOffset.UTC;
        startTime = LocalTime.MIDNIGHT;
        fixed = true;
        fixedOffsetNs = offsetNs;
        fixedLengthNs = lengthNs;
        table[0] = Long.MAX_VALUE;
    }

    /**
     * @param timeNs epoch ns.
     * @return start of the session holding it, epoch ns.
     */
    public long sessionStart(final long timeNs)
    {
        if (timeNs >= cachedStartNs && timeNs < cachedEndNs)
        {
            return cachedStartNs;
        }
        if (fixed)
        {
            cachedStartNs = timeNs - Math.floorMod(timeNs - fixedOffsetNs, fixedLengthNs);
            cachedEndNs = cachedStartNs + fixedLengthNs;
            if (cachedEndNs < cachedStartNs)
            {
                cachedEndNs = Long.MAX_VALUE;
            }
            return cachedStartNs;
        }
        if (!(timeNs >= table[0] && timeNs < table[TABLE_SESSIONS - 1]))
        {
            fillTable(timeNs);
        }
        int low = 0;
        int high = TABLE_SESSIONS - 2;
        // The last i with table[i] <= timeNs; table[0] <= timeNs < table[last] holds here.
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (table[mid] <= timeNs)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        cachedStartNs = table[low];
        cachedEndNs = table[low + 1];
        return cachedStartNs;
    }

    private void fillTable(final long timeNs)
    {
        // Start a quarter of the table before the time, so late trades just before it also hit the table.
        final LocalDate day = Instant.ofEpochSecond(Math.floorDiv(timeNs, 1_000_000_000L))
            .atZone(zone).toLocalDate().minusDays(TABLE_SESSIONS / 4);
        for (int i = 0; i < TABLE_SESSIONS; i++)
        {
            final ZonedDateTime start = ZonedDateTime.of(day.plusDays(i), startTime, zone);
            table[i] = start.toEpochSecond() * 1_000_000_000L + start.getNano();
        }
    }

    /**
     * @return the time zone of the sessions.
     */
    public ZoneId zone()
    {
        return zone;
    }

    /**
     * @return the local time of day at which sessions start.
     */
    public LocalTime startTime()
    {
        return startTime;
    }
}
