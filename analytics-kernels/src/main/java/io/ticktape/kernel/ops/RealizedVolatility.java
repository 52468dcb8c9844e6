package io.ticktape.kernel.ops;

/**
 * Realized volatility over a time window: {@code sqrt(sum of r^2)} over the log returns stamped in
 * {@code (t - W, t]}, unannualised (multiply by {@code sqrt(periods per year / ...)} as the caller sees fit).
 * <p>
 * Window, capacity (evict the oldest and count it) and rejection rules (out of order, not finite, above 2^480) are
 * those of {@link RollingWindowDoubleStats}. The sum of squares is a double-double of exact squares, restarted from
 * exact zero when the window empties, so the result is within a few ulps of the exact root of the exact sum.
 * An empty window has a sum of 0 and so a volatility of 0; check {@link #count()} to tell it from a flat one.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class RealizedVolatility
{
    private final long windowNs;
    private final SampleRing ring;
    private final CompensatedSum sumSquares = new CompensatedSum();
    private long windowEndNs = Long.MIN_VALUE;
    private long evictions;
    private long rejected;

    /**
     * @param windowNs window length in ns, positive.
     * @param capacity most returns held at once, positive.
     */
    public RealizedVolatility(final long windowNs, final int capacity)
    {
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("window must be positive: " + windowNs);
        }
        this.windowNs = windowNs;
        ring = new SampleRing(capacity, false);
    }

    /**
     * Move the window to {@code timeNs} and add a return.
     *
     * @param timeNs      stamp of the return, not before {@link #windowEndNs()}.
     * @param logReturn   the return, finite.
     * @return false when rejected.
     */
    public boolean add(final long timeNs, final double logReturn)
    {
        if (timeNs < windowEndNs || !DoubleSampleWindow.isAcceptable(logReturn))
        {
            rejected++;
            return false;
        }
        advanceTo(timeNs);
        if (ring.isFull())
        {
            removeOldest();
            evictions++;
        }
        ring.append(timeNs, Double.doubleToRawLongBits(logReturn), 0);
        sumSquares.addSquare(logReturn);
        return true;
    }

    /**
     * Move the window's end to {@code nowNs} without adding. Earlier times are ignored.
     *
     * @param nowNs the new end of the window.
     */
    public void advanceTo(final long nowNs)
    {
        if (nowNs >= windowEndNs)
        {
            windowEndNs = nowNs;
            while (!ring.isEmpty() && nowNs - ring.oldestTimeNs() >= windowNs)
            {
                removeOldest();
            }
        }
    }

    /**
     * @return {@code sqrt(sum of r^2)} over the window; 0 when empty.
     */
    public double volatility()
    {
        return Math.sqrt(sumOfSquares());
    }

    /**
     * @return sum of squared returns over the window; 0 when empty.
     */
    public double sumOfSquares()
    {
        return Math.max(0.0, sumSquares.hi());
    }

    /**
     * @return returns in the window.
     */
    public long count()
    {
        return ring.size();
    }

    /**
     * @return the latest time given, {@link Long#MIN_VALUE} before any.
     */
    public long windowEndNs()
    {
        return windowEndNs;
    }

    /**
     * @return returns evicted early because the window was at capacity.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * @return returns rejected: out of order, not finite or too large.
     */
    public long rejected()
    {
        return rejected;
    }

    private void removeOldest()
    {
        final double oldest = Double.longBitsToDouble(ring.oldestValue());
        ring.removeOldest();
        if (ring.isEmpty())
        {
            sumSquares.reset();
        }
        else
        {
            sumSquares.subtractSquare(oldest);
        }
    }
}
