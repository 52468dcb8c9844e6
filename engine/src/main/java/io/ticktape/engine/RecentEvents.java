package io.ticktape.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Notable events for people watching the engine (the dashboard's "recent events"): gaps, channel status changes,
 * instrument definitions, and alerts. Any thread may offer, allocation free; one reader drains. A full buffer
 * drops the event and counts it ({@code events.dropped}): events are for display, the ring never waits on them.
 * Unless a reader is expected from the start, offers are refused without counting until one has drained once (no
 * dashboard running): there is no one to show them to, and the buffer is not left full.
 * <pre>
 *   record: | timeNs (8) | a (8) | b (8) | c (4) | text length (4) | text (ASCII) ... |
 * </pre>
 * Alert producers (the risk-alerts module) use {@link #offer(int, long, CharSequence)} with {@link #ALERT}.
 */
public final class RecentEvents
{
    /** A gap in a channel's line sequence: a = channel, b = first missing, c = how many (capped). */
    public static final int GAP = 1;
    /** A channel went stale or came back: a = channel, b = silent ns, c = 1 stale / 0 live. */
    public static final int CHANNEL_STATUS = 2;
    /** An instrument definition: a = instrument id, text = symbol. */
    public static final int INSTRUMENT = 3;
    /** An alert: text says what. */
    public static final int ALERT = 4;
    /** Any other note: text says what. */
    public static final int NOTE = 5;

    private static final int TIME_OFFSET = 0;
    private static final int A_OFFSET = 8;
    private static final int B_OFFSET = 16;
    private static final int C_OFFSET = 24;
    private static final int TEXT_LENGTH_OFFSET = 28;
    private static final int TEXT_OFFSET = 32;
    private static final int MAX_TEXT = 256;

    private final ManyToOneRingBuffer ring;
    private final AtomicCounter dropped;
    private volatile boolean reading;

    /**
     * @param capacityBytes ring capacity, a power of two.
     * @param dropped       counts events dropped on a full ring.
     */
    public RecentEvents(final int capacityBytes, final AtomicCounter dropped)
    {
        this(capacityBytes, dropped, true);
    }

    /**
     * @param capacityBytes  ring capacity, a power of two.
     * @param dropped        counts events dropped on a full ring.
     * @param readerExpected keep events from the start (a reader will come, e.g. the dashboard is configured);
     *                       otherwise only once a reader has drained.
     */
    public RecentEvents(final int capacityBytes, final AtomicCounter dropped, final boolean readerExpected)
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.dropped = dropped;
        this.reading = readerExpected;
    }

    /**
     * Offer an event with numbers only.
     *
     * @param kind   {@link #GAP}, {@link #CHANNEL_STATUS}, ...
     * @param timeNs when (the engine's nano clock).
     * @param a      first number (see the kind).
     * @param b      second number.
     * @param c      third number.
     * @return false if dropped (or no reader yet).
     */
    public boolean offer(final int kind, final long timeNs, final long a, final long b, final int c)
    {
        if (!reading)
        {
            return false;
        }
        final int index = ring.tryClaim(kind, TEXT_OFFSET);
        if (index <= 0)
        {
            dropped.incrementRelease();
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putLong(index + TIME_OFFSET, timeNs);
        buffer.putLong(index + A_OFFSET, a);
        buffer.putLong(index + B_OFFSET, b);
        buffer.putInt(index + C_OFFSET, c);
        buffer.putInt(index + TEXT_LENGTH_OFFSET, 0);
        ring.commit(index);
        return true;
    }

    /**
     * Offer an event with text (non-ASCII characters become '?', at most 256 kept).
     *
     * @param kind   {@link #ALERT}, {@link #NOTE}, {@link #INSTRUMENT}, ...
     * @param timeNs when.
     * @param a      a number (instrument id for {@link #INSTRUMENT}, free otherwise).
     * @param text   what happened.
     * @return false if dropped.
     */
    public boolean offer(final int kind, final long timeNs, final long a, final CharSequence text)
    {
        if (!reading)
        {
            return false;
        }
        final int length = Math.min(MAX_TEXT, text.length());
        final int index = ring.tryClaim(kind, TEXT_OFFSET + length);
        if (index <= 0)
        {
            dropped.incrementRelease();
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putLong(index + TIME_OFFSET, timeNs);
        buffer.putLong(index + A_OFFSET, a);
        buffer.putLong(index + B_OFFSET, 0);
        buffer.putInt(index + C_OFFSET, 0);
        buffer.putInt(index + TEXT_LENGTH_OFFSET, length);
        for (int i = 0; i < length; i++)
        {
            final char ch = text.charAt(i);
            buffer.putByte(index + TEXT_OFFSET + i, (byte)(ch >= 32 && ch < 127 ? ch : '?'));
        }
        ring.commit(index);
        return true;
    }

    /**
     * Offer an alert.
     *
     * @param timeNs when.
     * @param text   what.
     * @return false if dropped.
     */
    public boolean offer(final long timeNs, final CharSequence text)
    {
        return offer(ALERT, timeNs, 0, text);
    }

    /**
     * Drain events to a reader (one reader thread).
     *
     * @param handler gets each event.
     * @param limit   most events.
     * @return events read.
     */
    public int drain(final Handler handler, final int limit)
    {
        reading = true;
        return ring.read((msgTypeId, buffer, index, length) -> handler.onEvent(msgTypeId,
            buffer.getLong(index + TIME_OFFSET), buffer.getLong(index + A_OFFSET), buffer.getLong(index + B_OFFSET),
            buffer.getInt(index + C_OFFSET), text(buffer, index)), limit);
    }

    private static String text(final DirectBuffer buffer, final int index)
    {
        final int length = buffer.getInt(index + TEXT_LENGTH_OFFSET);
        return 0 == length ? "" : buffer.getStringWithoutLengthAscii(index + TEXT_OFFSET, length);
    }

    /**
     * One line of text for an event, as the dashboard shows it.
     *
     * @param kind of event.
     * @param a    first number.
     * @param b    second number.
     * @param c    third number.
     * @param text its text.
     * @return the line.
     */
    public static String describe(final int kind, final long a, final long b, final int c, final String text)
    {
        switch (kind)
        {
            case GAP:
                return String.format(Locale.ROOT, "gap on channel %d: %d missing from line seq %s", a, c,
                    Long.toUnsignedString(b));
            case CHANNEL_STATUS:
                return String.format(Locale.ROOT, "channel %d %s (silent %.1f s)", a, 0 != c ? "stale" : "live",
                    b / 1e9);
            case INSTRUMENT:
                return "instrument " + a + " defined: " + text;
            default:
                return text;
        }
    }

    /**
     * Kind name for display.
     *
     * @param kind of event.
     * @return its name.
     */
    public static String kindName(final int kind)
    {
        switch (kind)
        {
            case GAP:
                return "gap";
            case CHANNEL_STATUS:
                return "channel";
            case INSTRUMENT:
                return "instrument";
            case ALERT:
                return "alert";
            default:
                return "note";
        }
    }

    /**
     * Receives drained events.
     */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param kind   of event.
         * @param timeNs when.
         * @param a      first number.
         * @param b      second number.
         * @param c      third number.
         * @param text   its text ("" for none).
         */
        void onEvent(int kind, long timeNs, long a, long b, int c, String text);
    }
}
