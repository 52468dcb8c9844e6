package io.ticktape.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A point in the journal: a global sequence number or an exchange time. Parsed from {@code seq:N} (global sequence),
 * an ISO-8601 instant ({@code 2026-01-02T14:30:00Z}, also with an offset or fractional seconds) or epoch nanoseconds
 * (digits only).
 *
 * @param bySeq true for a global sequence number, false for a time.
 * @param value the sequence number, or epoch nanoseconds.
 */
public record ReplayPoint(boolean bySeq, long value)
{
    /**
     * @param globalSeq a global sequence number.
     * @return the point.
     */
    public static ReplayPoint seq(final long globalSeq)
    {
        return new ReplayPoint(true, globalSeq);
    }

    /**
     * @param epochNs exchange time.
     * @return the point.
     */
    public static ReplayPoint time(final long epochNs)
    {
        return new ReplayPoint(false, epochNs);
    }

    /**
     * @param text {@code seq:N}, ISO-8601 or epoch nanoseconds.
     * @return the point.
     * @throws IllegalArgumentException with the accepted forms.
     */
    public static ReplayPoint parse(final String text)
    {
        final String value = text.trim();
        try
        {
            if (value.startsWith("seq:"))
            {
                final long seq = Long.parseLong(value.substring(4));
                if (seq < 1)
                {
                    throw new IllegalArgumentException("global sequence numbers start at 1: '" + text + "'");
                }
                return seq(seq);
            }
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit))
            {
                return time(Long.parseLong(value));
            }
            final Instant instant = Instant.parse(value);
            return time(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
        }
        catch (final NumberFormatException | DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("bad time or position '" + text +
                "': expected ISO-8601 (2026-01-02T14:30:00Z), epoch nanoseconds, or seq:N");
        }
    }

    @Override
    public String toString()
    {
        return bySeq ? "seq:" + value : Instant.ofEpochSecond(0, value).toString();
    }
}
