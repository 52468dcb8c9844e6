package io.ticktape.perf.latency;

import io.ticktape.protocol.Durations;

/**
 * Option values of the {@code bench} commands, read with one error message per kind of mistake, naming the option.
 */
public final class OptionValues
{
    private OptionValues()
    {
    }

    /**
     * @param name  of the option, for the message.
     * @param value as given; underscores between digits are allowed ({@code 1_000_000}).
     * @return the number.
     * @throws IllegalArgumentException if it is not a whole number above zero.
     */
    public static long positiveLong(final String name, final String value)
    {
        try
        {
            final long number = Long.parseLong(value.replace("_", ""));
            if (number > 0)
            {
                return number;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // the same message as a number out of range
        }
        throw new IllegalArgumentException(name + " must be a positive whole number: " + value);
    }

    /**
     * @param name  of the option, for the message.
     * @param value a duration as {@link Durations#parseNs} reads it ({@code 500ms}, {@code 60s}).
     * @return nanoseconds.
     * @throws IllegalArgumentException if it is not a duration.
     */
    public static long durationNs(final String name, final String value)
    {
        try
        {
            return Durations.parseNs(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(name + ": " + ex.getMessage());
        }
    }

    /**
     * @param name  of the option, for the message.
     * @param value on, off, true or false.
     * @return whether it is on.
     * @throws IllegalArgumentException for anything else.
     */
    public static boolean onOff(final String name, final String value)
    {
        if ("on".equals(value) || "true".equals(value))
        {
            return true;
        }
        if ("off".equals(value) || "false".equals(value))
        {
            return false;
        }
        throw new IllegalArgumentException(name + " takes on or off: " + value);
    }
}
