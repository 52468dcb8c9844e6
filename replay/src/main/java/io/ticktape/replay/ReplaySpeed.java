package io.ticktape.replay;

/**
 * Replay pace: {@code max} (no pacing), {@code realtime} (the recorded pace) or {@code Nx} (N times the recorded
 * pace; {@code 0.5x} is half).
 */
public final class ReplaySpeed
{
    /** No pacing. */
    public static final double MAX = 0;

    private ReplaySpeed()
    {
    }

    /**
     * @param text {@code max}, {@code realtime} or {@code Nx}.
     * @return the factor of the recorded pace, {@link #MAX} for none.
     * @throws IllegalArgumentException with the accepted forms.
     */
    public static double parse(final String text)
    {
        final String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if ("max".equals(value))
        {
            return MAX;
        }
        if ("realtime".equals(value) || "1x".equals(value))
        {
            return 1;
        }
        if (value.endsWith("x"))
        {
            try
            {
                final double factor = Double.parseDouble(value.substring(0, value.length() - 1));
                if (factor > 0 && Double.isFinite(factor))
                {
                    return factor;
                }
            }
            catch (final NumberFormatException ex)
            {
                // Falls through to the message below.
            }
        }
        throw new IllegalArgumentException("bad speed '" + text + "': expected max, realtime or Nx (e.g. 4x, 0.5x)");
    }

    /**
     * @param factor as from {@link #parse}.
     * @return its text form.
     */
    public static String toString(final double factor)
    {
        return factor == MAX ? "max" : factor == 1 ? "realtime" : factor + "x";
    }
}
