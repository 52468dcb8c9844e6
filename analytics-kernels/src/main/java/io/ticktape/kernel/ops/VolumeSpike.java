package io.ticktape.kernel.ops;

/**
 * Trade size against its recent baseline: {@code size / mean size of the trades in (t - W, t]} that came
 * <em>before</em> this one (earlier trades of a burst at the same timestamp included), so a block trade does not
 * dilute its own baseline. 1 is typical; 20 is a trade twenty times the recent average.
 * <p>
 * <b>Exactness.</b> The baseline sum is an exact 128-bit integer, and the ratio is computed as
 * {@code double(size * n) / double(sum)} from the exact product: two roundings and a division.
 * <p>
 * <b>Window, capacity, rejection.</b> As {@link RollingWindowStats}: a full baseline evicts its oldest trade and
 * counts it; a trade stamped before the window's end or with a non-positive size is rejected, counted, scored
 * {@code NaN} and kept out. An empty baseline (first trade, or after a quiet gap longer than W) scores {@code NaN}.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class VolumeSpike
{
    private final long windowNs;
    private final SampleRing ring;
    private final Int128 sum = new Int128();
    private final Int128 scaledSize = new Int128();
    private long windowEndNs = Long.MIN_VALUE;
    private long size;
    private double baselineMean = Double.NaN;
    private double score = Double.NaN;
    private long evictions;
    private long rejected;

    /**
     * @param baselineWindowNs baseline window length in ns, positive.
     * @param capacity         most trades in the baseline at once, positive.
     */
    public VolumeSpike(final long baselineWindowNs, final int capacity)
    {
        if (baselineWindowNs <= 0)
        {
            throw new IllegalArgumentException("window must be positive: " + baselineWindowNs);
        }
        windowNs = baselineWindowNs;
        ring = new SampleRing(capacity, false);
    }

    /**
     * Score a trade against the baseline, then add it to the baseline.
     *
     * @param timeNs trade time, not before the window's end.
     * @param size   trade size, positive.
     * @return the ratio, or {@code NaN} (empty baseline, or rejected).
     */
    public double onTrade(final long timeNs, final long size)
    {
        if (timeNs < windowEndNs || size <= 0)
        {
            rejected++;
            score = Double.NaN;
            return score;
        }
        advanceTo(timeNs);
        this.size = size;
        final int n = ring.size();
        if (n == 0)
        {
            baselineMean = Double.NaN;
            score = Double.NaN;
        }
        else
        {
            final double baselineSum = sum.toDouble();
            baselineMean = baselineSum / n;
            score = scaledSize.reset().addProduct(size, n).toDouble() / baselineSum;
        }
        if (ring.isFull())
        {
            removeOldest();
            evictions++;
        }
        ring.append(timeNs, size, 0);
        sum.add(size);
        return score;
    }

    /**
     * Move the window's end to {@code nowNs} without a trade. Earlier times are ignored.
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
     * @return the last ratio, {@code NaN} before any or with an empty baseline.
     */
    public double score()
    {
        return score;
    }

    /**
     * @return the last trade size scored.
     */
    public long size()
    {
        return size;
    }

    /**
     * @return the baseline mean size the last trade was scored against.
     */
    public double baselineMean()
    {
        return baselineMean;
    }

    /**
     * @return trades in the baseline now (the last one included).
     */
    public int baselineCount()
    {
        return ring.size();
    }

    /**
     * @return trades evicted early because the baseline was at capacity.
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
        sum.subtract(ring.oldestValue());
        ring.removeOldest();
    }
}
