package io.ticktape.kernel.ops;

/**
 * One activity bar (volume, tick or notional), read-only to everyone but its {@link ActivityBars}. Before the first
 * trade of a bar ({@link #tradeCount()} 0) the prices and times are meaningless and the VWAP is {@code NaN}.
 */
public final class ActivityBar
{
    private final ActivityBarKind kind;
    private final long threshold;
    private final Int128 volume = new Int128();
    private final Int128 notional = new Int128();
    private final Int128 absNotional = new Int128();
    private long sequence;
    private long openMantissa;
    private long highMantissa;
    private long lowMantissa;
    private long closeMantissa;
    private long tradeCount;
    private long firstTimeNs;
    private long lastTimeNs;
    private boolean thresholdReached;

    ActivityBar(final ActivityBarKind kind, final long threshold)
    {
        this.kind = kind;
        this.threshold = threshold;
    }

    void add(final long timeNs, final long priceMantissa, final long size)
    {
        if (tradeCount == 0)
        {
            openMantissa = priceMantissa;
            highMantissa = priceMantissa;
            lowMantissa = priceMantissa;
            firstTimeNs = timeNs;
        }
        else
        {
            highMantissa = Math.max(highMantissa, priceMantissa);
            lowMantissa = Math.min(lowMantissa, priceMantissa);
        }
        closeMantissa = priceMantissa;
        lastTimeNs = timeNs;
        tradeCount++;
        volume.add(size);
        notional.addProduct(priceMantissa, size);
        absNotional.addAbsProduct(priceMantissa, size);
        switch (kind)
        {
            case VOLUME:
                thresholdReached = volume.compareTo(threshold) >= 0;
                break;
            case TICK:
                thresholdReached = tradeCount >= threshold;
                break;
            default:
                thresholdReached = absNotional.compareTo(threshold) >= 0;
                break;
        }
    }

    void startNext()
    {
        sequence++;
        tradeCount = 0;
        volume.reset();
        notional.reset();
        absNotional.reset();
        thresholdReached = false;
    }

    /**
     * @return what closes this kind of bar.
     */
    public ActivityBarKind kind()
    {
        return kind;
    }

    /**
     * @return the closing threshold: volume, trade count or absolute notional.
     */
    public long threshold()
    {
        return threshold;
    }

    /**
     * @return the bar's number, 0 for the operator's first bar, one more for each bar after it.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return whether the threshold was reached (false for a partial bar closed by
     * {@link ActivityBars#closePartial()}, or for the bar in progress).
     */
    public boolean thresholdReached()
    {
        return thresholdReached;
    }

    /**
     * @return price of the first trade.
     */
    public long openMantissa()
    {
        return openMantissa;
    }

    /**
     * @return highest trade price.
     */
    public long highMantissa()
    {
        return highMantissa;
    }

    /**
     * @return lowest trade price.
     */
    public long lowMantissa()
    {
        return lowMantissa;
    }

    /**
     * @return price of the last trade.
     */
    public long closeMantissa()
    {
        return closeMantissa;
    }

    /**
     * @return trades in the bar.
     */
    public long tradeCount()
    {
        return tradeCount;
    }

    /**
     * @return volume, saturated at {@link Long#MAX_VALUE} (the exact words are {@link #volumeHi()} and
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
     * @return high word of the exact signed 128-bit notional {@code sum of price * size}.
     */
    public long notionalHi()
    {
        return notional.hi();
    }

    /**
     * @return low word of the exact signed 128-bit notional.
     */
    public long notionalLo()
    {
        return notional.lo();
    }

    /**
     * @return high word of the exact 128-bit absolute notional {@code sum of |price * size|}.
     */
    public long absNotionalHi()
    {
        return absNotional.hi();
    }

    /**
     * @return low word of the exact 128-bit absolute notional.
     */
    public long absNotionalLo()
    {
        return absNotional.lo();
    }

    /**
     * @return {@code double(notional) / double(volume)}, as {@link RollingVwap#vwap()}; {@code NaN} with no trades.
     */
    public double vwap()
    {
        return tradeCount == 0 ? Double.NaN : notional.toDouble() / volume.toDouble();
    }

    /**
     * @return time of the first trade.
     */
    public long firstTimeNs()
    {
        return firstTimeNs;
    }

    /**
     * @return time of the last trade.
     */
    public long lastTimeNs()
    {
        return lastTimeNs;
    }
}
