package io.ticktape.kernel;

import io.ticktape.kernel.ops.Int128;

/**
 * Everything the kernel knows about one instrument. Owned by the kernel thread.
 */
final class InstrumentState
{
    final int instrumentId;
    final BarSeries[] bars;
    final Int128 sessionNotional = new Int128();
    boolean defined;
    int priceExponent;
    long sessionStartNs = Long.MIN_VALUE;
    long sessionVolume;
    long sessionTradeCount;
    long lastPriceMantissa;
    long lastTradeNs = Long.MIN_VALUE;
    /** Latest trade time the streaming operators have seen: late trades enter them at this time. */
    long opsTimeNs = Long.MIN_VALUE;
    long bidPriceMantissa;
    long bidSize;
    long askPriceMantissa;
    long askSize;
    /** The streaming operators, or null when the kernel runs without them. */
    InstrumentOps ops;

    InstrumentState(final int instrumentId, final long[] barIntervalsNs, final BarConfiguration barConfiguration)
    {
        this.instrumentId = instrumentId;
        bars = new BarSeries[barIntervalsNs.length];
        for (int i = 0; i < bars.length; i++)
        {
            bars[i] = new BarSeries(this, barIntervalsNs[i], barConfiguration.historyBars(barIntervalsNs[i]));
        }
    }

    void resetSession(final long sessionStartNs)
    {
        this.sessionStartNs = sessionStartNs;
        sessionNotional.reset();
        sessionVolume = 0;
        sessionTradeCount = 0;
    }

    double sessionVwap()
    {
        return sessionVolume == 0 ? Double.NaN : sessionNotional.toDouble() / sessionVolume;
    }
}
