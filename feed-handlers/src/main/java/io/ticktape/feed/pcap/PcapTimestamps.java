package io.ticktape.feed.pcap;

/**
 * Converts capture timestamps to epoch nanoseconds. Arithmetic on hostile values wraps rather than throws: a
 * nonsense timestamp gives a nonsense time, never an exception.
 */
final class PcapTimestamps
{
    static final int NANOS_PER_SECOND = 1_000_000_000;

    /**
     * pcapng's default {@code if_tsresol}: microseconds.
     */
    static final int DEFAULT_TSRESOL = 6;

    private static final int BINARY_FLAG = 0x80;
    /**
     * 10^0 to 10^19; the last exceeds Long.MAX_VALUE and is meant unsigned, as divideUnsigned reads it.
     */
    private static final long[] POWERS_OF_TEN = new long[20];

    static
    {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private PcapTimestamps()
    {
    }

    /**
     * A classic pcap record's timestamp.
     *
     * @param seconds     unsigned seconds since the epoch.
     * @param fraction    unsigned micro- or nanoseconds within the second.
     * @param nanoseconds true for the nanosecond magic, false for the microsecond one.
     * @return epoch nanoseconds.
     */
    static long pcapToEpochNs(final long seconds, final long fraction, final boolean nanoseconds)
    {
        return seconds * NANOS_PER_SECOND + (nanoseconds ? fraction : fraction * 1000);
    }

    /**
     * A pcapng timestamp in its interface's units.
     *
     * @param units   the 64-bit count, unsigned.
     * @param tsresol the interface's {@code if_tsresol} byte: bit 7 clear, a unit of 10^-n seconds; set, 2^-n.
     * @return epoch nanoseconds, not counting {@code if_tsoffset}.
     */
    static long pcapngToEpochNs(final long units, final int tsresol)
    {
        final int exponent = tsresol & 0x7F;
        if ((tsresol & BINARY_FLAG) == 0)
        {
            if (exponent <= 9)
            {
                return units * POWERS_OF_TEN[9 - exponent];
            }
            final int divisorExponent = exponent - 9;
            return divisorExponent < POWERS_OF_TEN.length ?
                Long.divideUnsigned(units, POWERS_OF_TEN[divisorExponent]) : 0;
        }

        // units * 10^9 / 2^n, computed on the 128-bit product so that fine binary resolutions lose nothing.
        final long low = units * NANOS_PER_SECOND;
        final long high = Math.multiplyHigh(units, NANOS_PER_SECOND) + ((units >> 63) & NANOS_PER_SECOND);
        if (0 == exponent)
        {
            return low;
        }
        if (exponent < 64)
        {
            return (high << (64 - exponent)) | (low >>> exponent);
        }
        return high >>> (exponent - 64);
    }
}
