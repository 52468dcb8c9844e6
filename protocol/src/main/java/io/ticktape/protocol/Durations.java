package io.ticktape.protocol;

import java.util.concurrent.TimeUnit;

/**
 * Parses durations as written on the command line and in configuration: {@code 500ms}, {@code 10s}, {@code 5m},
 * {@code 1h}, {@code 1d}, {@code 250us}, {@code 100ns}.
 */
public final class Durations
{
    private Durations()
    {
    }

    /**
     * @param text a number followed by a unit.
     * @return the duration in nanoseconds.
     * @throws IllegalArgumentException naming the text, if it is not a duration.
     */
    public static long parseNs(final String text)
    {
        final String value = text.trim();
        int split = 0;
        while (split < value.length() && (Character.isDigit(value.charAt(split)) || value.charAt(split) == '.'))
        {
            split++;
        }
        if (split == 0 || split == value.length())
        {
            throw new IllegalArgumentException(
                "invalid duration '" + text + "': expected a number and a unit (ns, us, ms, s, m, h, d), e.g. 10s");
        }
        final double amount;
        try
        {
            amount = Double.parseDouble(value.substring(0, split));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("invalid duration '" + text + "'");
        }
        final long unitNs;
        switch (value.substring(split))
        {
            case "ns":
                unitNs = 1;
                break;
            case "us":
                unitNs = TimeUnit.MICROSECONDS.toNanos(1);
                break;
            case "ms":
                unitNs = TimeUnit.MILLISECONDS.toNanos(1);
                break;
            case "s":
                unitNs = TimeUnit.SECONDS.toNanos(1);
                break;
            case "m":
                unitNs = TimeUnit.MINUTES.toNanos(1);
                break;
            case "h":
                unitNs = TimeUnit.HOURS.toNanos(1);
                break;
            case "d":
                unitNs = TimeUnit.DAYS.toNanos(1);
                break;
            default:
                throw new IllegalArgumentException(
                    "invalid duration '" + text + "': unknown unit '" + value.substring(split) + "'");
        }
        final double ns = amount * unitNs;
        if (ns > Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
        return Math.round(ns);
    }

    /**
     * @param ns a duration in nanoseconds.
     * @return it in the largest of s, ms or ns that writes it exactly, e.g. {@code 10s}.
     */
    public static String format(final long ns)
    {
        if (ns % TimeUnit.SECONDS.toNanos(1) == 0)
        {
            return ns / TimeUnit.SECONDS.toNanos(1) + "s";
        }
        if (ns % TimeUnit.MILLISECONDS.toNanos(1) == 0)
        {
            return ns / TimeUnit.MILLISECONDS.toNanos(1) + "ms";
        }
        return ns + "ns";
    }
}
