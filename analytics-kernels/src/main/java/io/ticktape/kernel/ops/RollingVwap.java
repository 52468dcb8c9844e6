package io.ticktape.kernel.ops;

/**
 * Volume-weighted average price over a time window: the trades stamped in {@code (t - W, t]}.
 * <p>
 * <b>Exactness.</b> Notional ({@code sum of price * size}, prices may be negative) and volume are exact 128-bit
 * integers, updated as trades enter and leave, so they never drift. They are exact while the notional stays within
 * +-2^127 (see {@link Int128}: e.g. 2^27 trades of |price * size| below 2^100, beyond any real market); past that
 * it would wrap, which no real data reaches. The VWAP is
 * {@code double(notional) / double(volume)}: each sum rounded once (correctly) to double, then one division. That
 * is the correctly rounded quotient whenever both sums are below 2^53 in magnitude, within 1.5 ulp otherwise, and
 * the same formula as the kernel's session and bar VWAP, so equal sums give bit-identical VWAPs everywhere. The exact
 * sums are exposed for subscribers that need more.
 * <p>
 * <b>Window, capacity, rejection.</b> As {@link RollingWindowStats}: a full window evicts its oldest trade and
 * counts it; a trade stamped before the window's end, or with a size that is not positive, is rejected and counted.
 * An empty window has a {@code NaN} VWAP.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class RollingVwap
{
    private final long windowNs;
    private final SampleRing ring;
    private final Int128 notional = new Int128();
    private final Int128 volume = new Int128();
    private long windowEndNs = Long.MIN_VALUE;
    private long evictions;
    private long rejected;

    /**
     * @param windowNs window length in ns, positive.
     * @param capacity most trades held at once, positive.
     */
    public RollingVwap(final long windowNs, final int capacity)
    {
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("window must be positive: " + windowNs);
        }
        this.windowNs = windowNs;
        ring = new SampleRing(capacity, true);
    }

    /**
     * Move the window to {@code timeNs} and add a trade.
     *
     * @param timeNs        trade time, not before {@link #windowEndNs()}.
     * @param priceMantissa trade price, any sign.
     * @param size          trade size, positive.
     * @return false when the trade was rejected.
     */
    public boolean onTrade(final long timeNs, final long priceMantissa, final long size)
    {
        if (timeNs < windowEndNs || size <= 0)
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
        ring.append(timeNs, priceMantissa, size);
        notional.addProduct(priceMantissa, size);
        volume.add(size);
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
     * @return {@code double(notional) / double(volume)} in price-mantissa units, {@code NaN} when empty.
     */
    public double vwap()
    {
        return ring.isEmpty() ? Double.NaN : notional.toDouble() / volume.toDouble();
    }

    /**
     * @return trades in the window.
     */
    public long tradeCount()
    {
        return ring.size();
    }

    /**
     * @return volume in the window, saturated at {@link Long#MAX_VALUE} (exact words: {@link #volumeHi()},
     * {@link #volumeLo()}).
     */
    public long volume()
    {
        return volume.toLongSaturated();
    }

    /**
     * @return high word of the exact 128-bit volume.
     */
    public long volumeHi()
    {
        return volume.hi();
    }

    /**
     * @return low word of the exact 128-bit volume.
     */
    public long volumeLo()
    {
        return volume.lo();
    }

    /**
     * @return high word of the exact 128-bit notional (signed).
     */
    public long notionalHi()
    {
        return notional.hi();
    }

    /**
     * @return low word of the exact 128-bit notional.
     */
    public long notionalLo()
    {
        return notional.lo();
    }

    /**
     * @return the latest time given, {@link Long#MIN_VALUE} before any.
     */
    public long windowEndNs()
    {
        return windowEndNs;
    }

    /**
     * @return trades evicted early because the window was at capacity.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * @return trades rejected: out of order or with a non-positive size.
     */
    public long rejected()
    {
        return rejected;
    }

    private void removeOldest()
    {
        notional.subtractProduct(ring.oldestValue(), ring.oldestExtra());
        volume.subtract(ring.oldestExtra());
        ring.removeOldest();
    }
}
