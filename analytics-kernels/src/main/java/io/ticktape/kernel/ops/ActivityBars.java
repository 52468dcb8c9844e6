package io.ticktape.kernel.ops;

/**
 * Activity bars of one kind for one instrument: volume bars, tick bars or notional ("dollar") bars.
 * <p>
 * <b>Closing rule.</b> A trade is added to the open bar; if the bar's measure (volume, trade count or absolute
 * notional, see {@link ActivityBarKind}) has then reached the threshold, the bar closes on that trade and the next
 * trade opens a new one. Trades are never split: the whole trade that crosses the threshold goes into the closing
 * bar, so a bar may overshoot (a volume bar of threshold 100 can hold 130), and its OHLC, VWAP and times are those
 * of real trades. A single trade at or above the threshold makes a bar of its own.
 * <p>
 * <b>Exactness.</b> Volume, notional and absolute notional are exact 128-bit sums (within the +-2^127 domain of
 * {@link Int128}, far beyond real data), so the closing decision is exact; the VWAP is computed as in
 * {@link RollingVwap}.
 * <p>
 * <b>Output.</b> Closed bars go to the {@link ActivityBarListener}, during {@link #onTrade}, with the bar passed by
 * reference (see there). The bar in progress is readable at any time through {@link #current()} for in-progress
 * snapshots. Bars carry a sequence number from 0; a gap in it never happens, so subscribers can detect loss.
 * <p>
 * <b>Rejections.</b> Trades with a non-positive size are rejected and counted. Timestamps are taken as given (first
 * and last are those of the first and last trade in arrival order); the kernel keeps trades in order.
 * <p>
 * Single writer; allocation-free after construction (the listener must not allocate either).
 */
public final class ActivityBars
{
    private final ActivityBar bar;
    private final ActivityBarListener listener;
    private long barsClosed;
    private long rejected;

    /**
     * @param kind      what closes a bar.
     * @param threshold volume, trade count or absolute notional that closes a bar, positive.
     * @param listener  receives each closed bar.
     */
    public ActivityBars(final ActivityBarKind kind, final long threshold, final ActivityBarListener listener)
    {
        if (threshold <= 0)
        {
            throw new IllegalArgumentException("threshold must be positive: " + threshold);
        }
        if (null == kind || null == listener)
        {
            throw new NullPointerException("kind and listener are required");
        }
        this.listener = listener;
        bar = new ActivityBar(kind, threshold);
    }

    /**
     * Add a trade, closing the bar (and calling the listener) if it reaches the threshold.
     *
     * @param timeNs        trade time.
     * @param priceMantissa trade price, any sign.
     * @param size          trade size, positive.
     * @return true when this trade closed a bar.
     */
    public boolean onTrade(final long timeNs, final long priceMantissa, final long size)
    {
        if (size <= 0)
        {
            rejected++;
            return false;
        }
        bar.add(timeNs, priceMantissa, size);
        if (bar.thresholdReached())
        {
            close();
            return true;
        }
        return false;
    }

    /**
     * Close the bar in progress early (session end, instrument halted), if it holds any trade. The listener sees it
     * with {@link ActivityBar#thresholdReached()} false.
     *
     * @return true when a partial bar was closed.
     */
    public boolean closePartial()
    {
        if (bar.tradeCount() == 0)
        {
            return false;
        }
        close();
        return true;
    }

    /**
     * @return the bar in progress (read-only view; no trades yet when its trade count is 0).
     */
    public ActivityBar current()
    {
        return bar;
    }

    /**
     * @return bars closed so far, partial ones included.
     */
    public long barsClosed()
    {
        return barsClosed;
    }

    /**
     * @return trades rejected for a non-positive size.
     */
    public long rejected()
    {
        return rejected;
    }

    private void close()
    {
        barsClosed++;
        listener.onBar(bar);
        bar.startNext();
    }
}
