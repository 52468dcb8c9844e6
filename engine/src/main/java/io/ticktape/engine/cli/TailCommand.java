package io.ticktape.engine.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.ticktape.alerts.AlertText;
import io.ticktape.client.Streams;
import io.ticktape.client.TicktapeListener;
import io.ticktape.client.TicktapeSubscriber;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.sbe.ActivityBarDecoder;
import io.ticktape.protocol.sbe.AlertAckReplyDecoder;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.ChannelStatusDecoder;
import io.ticktape.protocol.sbe.GapDecoder;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import io.ticktape.protocol.tick.Prices;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ticktape tail}: a plain Aeron subscriber that prints what a running engine publishes.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Subscribe to a running engine over Aeron and print decoded messages.")
final class TailCommand implements Callable<Integer>
{
    @Option(names = "--stream", defaultValue = "ticks", description = "ticks | analytics | alerts.")
    String stream;

    @Option(names = "--count", description = "Exit 0 after this many messages.")
    Long count;

    @Option(names = "--aeron-dir", description = "Media driver directory of the engine (default: the demo's).")
    String aeronDir;

    @Option(names = "--channel", defaultValue = Streams.DEFAULT_CHANNEL, description = "Aeron channel.")
    String channel;

    @Option(names = "--timeout", description = "Give up (exit 1) if --count is not reached in this time.")
    String timeout;

    @Override
    public Integer call()
    {
        final int streamId = Streams.streamId(stream);
        final String dir = null == aeronDir ? TicktapeEngine.defaultAeronDir() : aeronDir;
        if (!CommonContext.isDriverActive(new File(dir), TimeUnit.SECONDS.toMillis(10), msg -> { }))
        {
            throw new IllegalStateException("no media driver running in " + dir +
                ": start bin/ticktape demo first, or pass --aeron-dir");
        }
        if (null != count && count <= 0)
        {
            throw new IllegalArgumentException("--count must be positive: " + count);
        }
        final long timeoutNs = null == timeout ? Long.MAX_VALUE : Durations.parseNs(timeout);

        final PrintingListener listener = new PrintingListener(System.out);
        final TicktapeSubscriber subscriber = new TicktapeSubscriber(listener);
        final IdleStrategy idle = new BackoffIdleStrategy();
        final long startNs = System.nanoTime();
        try (StopSignal stop = new StopSignal();
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            Subscription subscription = aeron.addSubscription(channel, streamId))
        {
            while (!stop.raised())
            {
                final long remaining = null == count ? Long.MAX_VALUE : count - subscriber.received();
                if (remaining <= 0)
                {
                    System.out.flush();
                    return 0;
                }
                if (System.nanoTime() - startNs > timeoutNs)
                {
                    System.err.printf("ticktape tail: %d of %d messages in %s%n", subscriber.received(), count, timeout);
                    return 1;
                }
                idle.idle(subscriber.poll(subscription, (int)Math.min(remaining, 256)));
            }
        }
        return 0;
    }

    /**
     * Prints each message on one line, prices as decimals where the exponent is known.
     */
    static final class PrintingListener implements TicktapeListener
    {
        private final PrintStream out;
        private final Int2IntHashMap exponents = new Int2IntHashMap(Integer.MIN_VALUE);

        PrintingListener(final PrintStream out)
        {
            this.out = out;
        }

        private String price(final long instrumentId, final long mantissa)
        {
            final int exponent = exponents.get((int)instrumentId);
            return exponent == Integer.MIN_VALUE ? mantissa + "e?" : Prices.toPlain(mantissa, exponent);
        }

        @Override
        public void onInstrument(final InstrumentTickDecoder m)
        {
            exponents.put((int)m.instrumentId(), m.priceExponent());
            out.printf("instrument seq=%d id=%d symbol=%s exponent=%d tick=%d%n", m.envelope().globalSeq(),
                m.instrumentId(), m.symbol().trim(), m.priceExponent(), m.tickSizeMantissa());
        }

        @Override
        public void onTrade(final TradeTickDecoder m)
        {
            out.printf("trade seq=%d instrument=%d ts=%d price=%s size=%d side=%s id=%d%n", m.envelope().globalSeq(),
                m.instrumentId(), m.exchangeTimeNs(), price(m.instrumentId(), m.priceMantissa()), m.size(),
                m.aggressorSide(), m.tradeId());
        }

        @Override
        public void onQuote(final QuoteTickDecoder m)
        {
            out.printf("quote seq=%d instrument=%d ts=%d bid=%s x %d ask=%s x %d%n", m.envelope().globalSeq(),
                m.instrumentId(), m.exchangeTimeNs(), price(m.instrumentId(), m.bidPriceMantissa()), m.bidSize(),
                price(m.instrumentId(), m.askPriceMantissa()), m.askSize());
        }

        @Override
        public void onGap(final GapDecoder m)
        {
            out.printf("gap seq=%d channel=%d missing=%d..%d%n", m.envelope().globalSeq(), m.envelope().channelId(),
                m.envelope().lineSeq(), m.toLineSeq());
        }

        @Override
        public void onChannelStatus(final ChannelStatusDecoder m)
        {
            out.printf("channel seq=%d channel=%d %s after line %d (silent %d ms)%n", m.envelope().globalSeq(),
                m.envelope().channelId(), m.state(), m.envelope().lineSeq(), m.silentNs() / 1_000_000);
        }

        @Override
        public void onBar(final BarDecoder m)
        {
            final int exponent = m.priceExponent();
            out.printf(Locale.ROOT, "bar seq=%d instrument=%d interval=%ds open_time=%d O=%s H=%s L=%s C=%s V=%d " +
                "trades=%d vwap=%s%s%s%s%n",
                m.envelope().globalSeq(), m.instrumentId(), m.intervalNs() / 1_000_000_000L, m.openTimeNs(),
                Prices.toPlain(m.openMantissa(), exponent), Prices.toPlain(m.highMantissa(), exponent),
                Prices.toPlain(m.lowMantissa(), exponent), Prices.toPlain(m.closeMantissa(), exponent),
                m.volume(), m.tradeCount(), scaled(m.vwap(), exponent),
                m.tradeCount() == 0 ? " (filled)" : "",
                m.revision() > 0 ? " revision=" + m.revision() : "",
                m.closed() == BooleanType.TRUE ? "" : " (in progress)");
        }

        @Override
        public void onVwap(final VwapUpdateDecoder m)
        {
            out.printf(Locale.ROOT, "vwap seq=%d instrument=%d vwap=%s volume=%d trades=%d last=%s%n",
                m.envelope().globalSeq(), m.instrumentId(), scaled(m.vwap(), m.priceExponent()), m.volume(),
                m.tradeCount(), Prices.toPlain(m.lastPriceMantissa(), m.priceExponent()));
        }

        @Override
        public void onAnomaly(final AnomalyScoreDecoder m)
        {
            out.printf(Locale.ROOT, "anomaly seq=%d instrument=%d kind=%s score=%.4f value=%.6g threshold=%.4g " +
                "baseline=%.6g%n",
                m.envelope().globalSeq(), m.instrumentId(), m.kind(), m.score(), m.value(), m.threshold(),
                m.baseline());
        }

        @Override
        public void onStatistics(final StatisticsDecoder m)
        {
            final int exponent = m.priceExponent();
            final StringBuilder windows = new StringBuilder();
            for (final StatisticsDecoder.PriceWindowsDecoder w : m.priceWindows())
            {
                windows.append(String.format(Locale.ROOT, " price[%s]=n%d mean=%s sd=%s min=%s max=%s",
                    duration(w.windowNs()), w.sampleCount(), scaled(w.mean(), exponent), scaled(w.stdDev(), exponent),
                    w.sampleCount() == 0 ? "-" : Prices.toPlain(w.minMantissa(), exponent),
                    w.sampleCount() == 0 ? "-" : Prices.toPlain(w.maxMantissa(), exponent)));
            }
            out.printf(Locale.ROOT, "stats seq=%d instrument=%d%s r=%.3g ewma_vol=%.3g rv[%s]=%.3g " +
                "rvwap[%s]=%s ensemble=%.3f%n",
                m.envelope().globalSeq(), m.instrumentId(), windows, m.lastLogReturn(), m.ewmaVolatility(),
                duration(m.realizedVolWindowNs()), m.realizedVolatility(), duration(m.rollingVwapWindowNs()),
                scaled(m.rollingVwap(), exponent), m.ensembleScore());
        }

        @Override
        public void onActivityBar(final ActivityBarDecoder m)
        {
            final int exponent = m.priceExponent();
            out.printf(Locale.ROOT, "activity_bar seq=%d instrument=%d kind=%s threshold=%d #%d O=%s H=%s L=%s C=%s " +
                "V=%d trades=%d vwap=%s first=%d last=%d%n",
                m.envelope().globalSeq(), m.instrumentId(), m.kind(), m.threshold(), m.sequence(),
                Prices.toPlain(m.openMantissa(), exponent), Prices.toPlain(m.highMantissa(), exponent),
                Prices.toPlain(m.lowMantissa(), exponent), Prices.toPlain(m.closeMantissa(), exponent),
                m.volume(), m.tradeCount(), scaled(m.vwap(), exponent), m.firstTradeNs(), m.lastTradeNs());
        }

        @Override
        public void onAlert(final AlertEventDecoder m)
        {
            out.println(AlertText.line(m));
        }

        @Override
        public void onAlertAckReply(final AlertAckReplyDecoder m)
        {
            out.printf("alert_ack alert=%d status=%s%n", m.alertId(), m.status());
        }

        private static String duration(final long ns)
        {
            return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + "s" : ns / 1_000_000 + "ms";
        }

        private static String scaled(final double mantissaUnits, final int exponent)
        {
            return String.format(Locale.ROOT, "%." + Math.max(0, 2 - exponent) + "f",
                mantissaUnits * Math.pow(10, exponent));
        }
    }
}
