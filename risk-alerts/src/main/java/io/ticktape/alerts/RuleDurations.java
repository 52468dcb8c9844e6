package io.ticktape.alerts;

import java.util.concurrent.TimeUnit;

/**
 * Durations in rules files, as everywhere in Ticktape: a number and a unit ({@code 500ms}, {@code 10s}, {@code 5m}).
 * The same grammar as the engine's {@code Durations}, which this module cannot see (dependencies point to protocol).
 */
final class RuleDurations
{
    private RuleDurations()
    {
    }

    static long parseNs(final String text)
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
                "invalid duration '" + text + "': expected a number and a unit (ns, us, ms, s, m, h), e.g. 10s");
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

    static String format(final long ns)
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
