package io.ticktape.kernel.ops;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * Random tick streams for the property tests: time steps that hit the window boundary exactly, bursts at one
 * timestamp, quiet gaps longer than the window and out-of-order stamps; values with many ties, negative values and
 * the extremes of a long.
 */
final class Streams
{
    static final int ADD = 0;
    static final int ADVANCE = 1;

    static final long[] WINDOWS_NS = { 1, 2, 7, 1_000, 1_000_000_000L };
    static final long[] EXTREMES = {
        Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62, -(1L << 62), 0, -1, 1 };

    private Streams()
    {
    }

    /**
     * One generated event; what the raw numbers mean depends on the window, see {@link #stepNs} and the value
     * helpers.
     */
    record Event(int kind, int stepKind, long stepRaw, int valueKind, long valueRaw)
    {
    }

    static Arbitrary<Event> events()
    {
        return Combinators.combine(
            Arbitraries.frequency(Tuple.of(9, ADD), Tuple.of(1, ADVANCE)),
            Arbitraries.frequency(
                Tuple.of(6, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(2, 3), Tuple.of(2, 4), Tuple.of(6, 5),
                Tuple.of(2, 6), Tuple.of(1, 7)),
            Arbitraries.longs(),
            Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(4, 1), Tuple.of(2, 2), Tuple.of(1, 3)),
            Arbitraries.longs())
            .as(Event::new);
    }

    static Arbitrary<List<Event>> eventLists()
    {
        return events().list().ofMaxSize(250).withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * Time step for an event: 0 (burst), 1, exactly the window and either side of it, within the window, a quiet
     * gap of up to five windows, or backwards (out of order).
     */
    static long stepNs(final Event event, final long windowNs)
    {
        final long raw = event.stepRaw() & Long.MAX_VALUE;
        switch (event.stepKind())
        {
            case 0:
                return 0;
            case 1:
                return 1;
            case 2:
                return windowNs - 1;
            case 3:
                return windowNs;
            case 4:
                return windowNs + 1;
            case 5:
                return raw % windowNs;
            case 6:
                return windowNs + 1 + raw % (4 * windowNs);
            default:
                return -(1 + raw % windowNs);
        }
    }

    /**
     * A long value: tiny (ties), mid-sized of either sign, any long, or an extreme.
     */
    static long longValue(final Event event)
    {
        final long raw = event.valueRaw();
        switch (event.valueKind())
        {
            case 0:
                return Math.floorMod(raw, 4) - 1;
            case 1:
                return Math.floorMod(raw, 2_000_001L) - 1_000_000L;
            case 2:
                return raw;
            default:
                return EXTREMES[Math.floorMod(raw, EXTREMES.length)];
        }
    }

    /**
     * A value within +-bound, with ties and the bound itself.
     */
    static long boundedValue(final Event event, final long bound)
    {
        final long raw = event.valueRaw();
        switch (event.valueKind())
        {
            case 0:
                return Math.floorMod(raw, 4) - 1;
            case 1:
                return Math.floorMod(raw, 2_001L) - 1_000L;
            case 2:
                return Math.floorMod(raw, 2 * bound + 1) - bound;
            default:
                return (raw & 1) == 0 ? bound : -bound;
        }
    }

    /**
     * A positive size: small (ties), medium, huge, or a near-extreme.
     */
    static long size(final Event event)
    {
        final long raw = event.valueRaw() & Long.MAX_VALUE;
        switch (event.valueKind())
        {
            case 0:
                return 1 + raw % 3;
            case 1:
                return 1 + raw % 1_000;
            case 2:
                return 1 + raw % (1L << 40);
            default:
                return (raw & 1) == 0 ? Long.MAX_VALUE : (1L << 62) + raw % 1_000;
        }
    }

    /**
     * A trade's price and size within the documented domain of the 128-bit notional (|price * size| below 2^100):
     * ordinary trades, extreme prices (+-2^62, Long.MIN_VALUE + 1) with small sizes, and sizes near Long.MAX_VALUE
     * at small prices, so volumes overflow a long while notionals stay exact.
     */
    static long[] trade(final Event event)
    {
        final long raw = event.valueRaw();
        final long small = 1 + (raw >>> 1) % 1_000;
        switch (event.valueKind())
        {
            case 0:
                return new long[] { Math.floorMod(raw, 4) - 1, 1 + (raw >>> 1) % 3 };
            case 1:
                return new long[] { Math.floorMod(raw, 2_000_001L) - 1_000_000L, small };
            case 2:
                return new long[] { Math.floorMod(raw, 1L << 41) - (1L << 40), 1 + (raw >>> 3) % (1L << 40) };
            default:
                final long[] prices = { 1L << 62, -(1L << 62), Long.MIN_VALUE + 1, Long.MAX_VALUE };
                return (raw & 1) == 0 ? new long[] { prices[(int)((raw >>> 1) & 3)], small } :
                    new long[] { Math.floorMod(raw >> 8, 2_001L) - 1_000L, Long.MAX_VALUE - (raw >>> 1) % 7 };
        }
    }

    /**
     * A log-return-like double: small returns, exact repeats and zeros, jumps, values far from zero (to test
     * cancellation), and occasionally a non-finite value that must be rejected.
     */
    static double doubleValue(final Event event)
    {
        final long raw = event.valueRaw();
        final double unit = (raw >>> 11) * 0x1.0p-53;   // [0, 1)
        switch (event.valueKind())
        {
            case 0:
                return (Math.floorMod(raw, 5) - 2) * 1e-4;
            case 1:
                return (unit - 0.5) * 2e-3;
            case 2:
                return (raw & 1) == 0 ? (unit - 0.5) * 0.4 : 1.0 + (unit - 0.5) * 1e-6;
            default:
                final double[] specials = { Double.NaN, Double.POSITIVE_INFINITY, 0.0, -0.0, 1e-20, -0.25, 1e-12 };
                return specials[Math.floorMod(raw, specials.length)];
        }
    }
}
