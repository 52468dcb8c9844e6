package io.ticktape.kernel;

import io.ticktape.protocol.sbe.ActivityBarDecoder;
import io.ticktape.protocol.sbe.ActivityKind;
import io.ticktape.protocol.sbe.AnomalyKind;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel running its per-instrument operators: scripted streams give the expected anomaly scores, statistics
 * equal a naive recomputation, activity bars close at their thresholds, and a warmed kernel allocates nothing.
 */
class KernelOperatorsTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_767_657_600L * SECOND;

    private final Sink sink = new Sink();
    private final Counters counters = new Counters();
    private long seq;

    record Anomaly(long globalSeq, int instrumentId, AnomalyKind kind, double score, double value, double threshold,
        double baseline)
    {
    }

    record Window(long windowNs, long count, double mean, double stdDev, long min, long max)
    {
    }

    record Stats(long globalSeq, int instrumentId, double lastLogReturn, double ewmaMean, double ewmaVariance,
        double ewmaVolatility, double realizedVolatility, double rollingVwap, long rollingVolume, double sizeMean,
        double ensemble, List<Window> windows)
    {
    }

    record Activity(long globalSeq, ActivityKind kind, long sequence, long volume, long tradeCount, long open,
        long close, long firstNs, long lastNs)
    {
    }

    /** Decodes the operator outputs; VWAP and bars are the subject of other tests. */
    static final class Sink implements AnalyticsSink
    {
        final List<Anomaly> anomalies = new ArrayList<>();
        final List<Stats> stats = new ArrayList<>();
        final List<Activity> activity = new ArrayList<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final AnomalyScoreDecoder anomaly = new AnomalyScoreDecoder();
        private final StatisticsDecoder statistics = new StatisticsDecoder();
        private final ActivityBarDecoder bar = new ActivityBarDecoder();

        @Override
        public void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
            copy.putBytes(0, buffer, offset, length);
            header.wrap(copy, 0);
            switch (header.templateId())
            {
                case AnomalyScoreDecoder.TEMPLATE_ID:
                    anomaly.wrapAndApplyHeader(copy, 0, header);
                    anomalies.add(new Anomaly(anomaly.envelope().globalSeq(), (int)anomaly.instrumentId(),
                        anomaly.kind(), anomaly.score(), anomaly.value(), anomaly.threshold(), anomaly.baseline()));
                    break;
                case StatisticsDecoder.TEMPLATE_ID:
                {
                    statistics.wrapAndApplyHeader(copy, 0, header);
                    final long globalSeq = statistics.envelope().globalSeq();
                    final int instrumentId = (int)statistics.instrumentId();
                    final double r = statistics.lastLogReturn();
                    final double ewmaMean = statistics.ewmaMean();
                    final double ewmaVariance = statistics.ewmaVariance();
                    final double ewmaVolatility = statistics.ewmaVolatility();
                    final double realized = statistics.realizedVolatility();
                    final double rollingVwap = statistics.rollingVwap();
                    final long rollingVolume = statistics.rollingVolume();
                    final double sizeMean = statistics.sizeMean();
                    final double ensemble = statistics.ensembleScore();
                    final List<Window> windows = new ArrayList<>();
                    for (final StatisticsDecoder.PriceWindowsDecoder w : statistics.priceWindows())
                    {
                        windows.add(new Window(w.windowNs(), w.sampleCount(), w.mean(), w.stdDev(), w.minMantissa(),
                            w.maxMantissa()));
                    }
                    assertThat(statistics.encodedLength()).isEqualTo(length - MessageHeaderDecoder.ENCODED_LENGTH);
                    stats.add(new Stats(globalSeq, instrumentId, r, ewmaMean, ewmaVariance, ewmaVolatility, realized,
                        rollingVwap, rollingVolume, sizeMean, ensemble, windows));
                    break;
                }
                case ActivityBarDecoder.TEMPLATE_ID:
                    bar.wrapAndApplyHeader(copy, 0, header);
                    activity.add(new Activity(bar.envelope().globalSeq(), bar.kind(), bar.sequence(), bar.volume(),
                        bar.tradeCount(), bar.openMantissa(), bar.closeMantissa(), bar.firstTradeNs(),
                        bar.lastTradeNs()));
                    break;
                default:
                    break;
            }
        }

        List<Anomaly> anomalies(final AnomalyKind kind)
        {
            return anomalies.stream().filter(a -> a.kind() == kind).toList();
        }
    }

    private AnalyticsKernel kernel(final AnalyticsSink out)
    {
        return kernel(out, counters);
    }

    private static AnalyticsKernel kernel(final AnalyticsSink out, final Counters counters)
    {
        return new AnalyticsKernel(new long[] { SECOND }, 86_400 * SECOND, 0, out, () -> 1, null, counters,
            KernelConfiguration.defaults());
    }

    private Tick definition(final int instrumentId)
    {
        final Tick tick = new Tick();
        tick.type = TickType.INSTRUMENT;
        tick.globalSeq = ++seq;
        tick.instrumentId = instrumentId;
        tick.priceExponent = -2;
        tick.tickSizeMantissa = 1;
        return tick;
    }

    private Tick trade(final int instrumentId, final long timeNs, final long price, final long size)
    {
        final Tick tick = new Tick();
        tick.type = TickType.TRADE;
        tick.globalSeq = ++seq;
        tick.instrumentId = instrumentId;
        tick.exchangeTimeNs = timeNs;
        tick.priceMantissa = price;
        tick.size = size;
        return tick;
    }

    private Tick quote(final int instrumentId, final long timeNs, final long bid, final long ask)
    {
        final Tick tick = new Tick();
        tick.type = TickType.QUOTE;
        tick.globalSeq = ++seq;
        tick.instrumentId = instrumentId;
        tick.exchangeTimeNs = timeNs;
        tick.bidPriceMantissa = bid;
        tick.bidSize = 5;
        tick.askPriceMantissa = ask;
        tick.askSize = 5;
        return tick;
    }

    /** 60 trades alternating one tick around 100.00, size 10, 1 ms apart; returns the time of the last. */
    private long steady(final AnalyticsKernel kernel, final int instrumentId)
    {
        long timeNs = T0;
        for (int i = 0; i < 60; i++)
        {
            timeNs = T0 + i * MS;
            kernel.onTick(trade(instrumentId, timeNs, 10_000 + (i & 1), 10));
        }
        return timeNs;
    }

    @Test
    void shouldScoreReturnAndHampelWhenPriceJumpsAfterSteadyPrices()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        final long timeNs = steady(kernel, 1);
        assertThat(sink.anomalies(AnomalyKind.RETURN_ZSCORE)).isEmpty();
        assertThat(sink.anomalies(AnomalyKind.HAMPEL)).isEmpty();
        assertThat(sink.anomalies(AnomalyKind.ENSEMBLE)).hasSize(60);
        final double quietEnsemble = sink.anomalies(AnomalyKind.ENSEMBLE).get(59).score();

        final Tick jump = trade(1, timeNs + MS, 10_100, 10);
        kernel.onTick(jump);

        assertThat(sink.anomalies(AnomalyKind.RETURN_ZSCORE)).singleElement().satisfies(a ->
        {
            assertThat(a.globalSeq()).isEqualTo(jump.globalSeq);
            assertThat(a.instrumentId()).isEqualTo(1);
            assertThat(a.score()).isGreaterThan(50);
            assertThat(a.value()).isCloseTo(Math.log(10_100.0 / 10_001.0), within(1e-15));
            assertThat(a.threshold()).isEqualTo(3.0);
            assertThat(a.baseline()).isCloseTo(1e-4, within(2e-5));
        });
        assertThat(sink.anomalies(AnomalyKind.HAMPEL)).singleElement().satisfies(a ->
        {
            // Median of 50 prices alternating 10000/10001 is 10000.5; its MAD 0.5 is floored at one tick.
            assertThat(a.value()).isEqualTo(10_100.0);
            assertThat(a.baseline()).isEqualTo(10_000.5);
            assertThat(a.score()).isCloseTo(99.5 / 1.4826, within(1e-9));
        });
        final Anomaly ensemble = sink.anomalies(AnomalyKind.ENSEMBLE).get(60);
        assertThat(ensemble.globalSeq()).isEqualTo(jump.globalSeq);
        assertThat(ensemble.score()).isBetween(0.0, 1.0).isGreaterThan(quietEnsemble + 0.2);
        assertThat(sink.stats.get(sink.stats.size() - 1).ensemble()).isEqualTo(ensemble.score());
    }

    @Test
    void shouldAlwaysPublishCrossedAndLockedQuotes()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        kernel.onTick(quote(1, T0, 10_000, 10_001));
        kernel.onTick(quote(1, T0 + MS, 10_000, 10_001));
        final Tick crossed = quote(1, T0 + 2 * MS, 10_005, 10_000);
        kernel.onTick(crossed);
        kernel.onTick(quote(1, T0 + 3 * MS, 10_005, 10_000));
        final Tick locked = quote(1, T0 + 4 * MS, 10_000, 10_000);
        kernel.onTick(locked);

        assertThat(sink.anomalies(AnomalyKind.CROSSED_QUOTE)).hasSize(2).first().satisfies(a ->
        {
            assertThat(a.globalSeq()).isEqualTo(crossed.globalSeq);
            assertThat(a.score()).isEqualTo(2.0);
            assertThat(a.value()).isEqualTo(-5.0);
            assertThat(a.baseline()).isEqualTo(0.0);
        });
        assertThat(sink.anomalies(AnomalyKind.CROSSED_QUOTE).get(1).baseline()).isEqualTo((double)MS);
        assertThat(sink.anomalies(AnomalyKind.LOCKED_QUOTE)).singleElement().satisfies(a ->
        {
            assertThat(a.globalSeq()).isEqualTo(locked.globalSeq);
            assertThat(a.score()).isEqualTo(1.0);
            assertThat(a.value()).isEqualTo(0.0);
        });
    }

    @Test
    void shouldPublishSpreadBlowoutWhenSpreadReachesFiveTimesMedian()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        for (int i = 0; i < 10; i++)
        {
            kernel.onTick(quote(1, T0 + i * MS, 10_000, 10_002));
        }
        kernel.onTick(quote(1, T0 + 10 * MS, 10_000, 10_008));
        assertThat(sink.anomalies(AnomalyKind.SPREAD_BLOWOUT)).isEmpty();
        kernel.onTick(quote(1, T0 + 11 * MS, 10_000, 10_020));

        assertThat(sink.anomalies(AnomalyKind.SPREAD_BLOWOUT)).singleElement().satisfies(a ->
        {
            assertThat(a.score()).isEqualTo(10.0);
            assertThat(a.value()).isEqualTo(20.0);
            assertThat(a.baseline()).isEqualTo(2.0);
        });
    }

    @Test
    void shouldScoreVolumeSpikeAgainstPriorTrades()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        final long timeNs = steady(kernel, 1);
        assertThat(sink.anomalies(AnomalyKind.VOLUME_SPIKE)).isEmpty();

        final Tick block = trade(1, timeNs + MS, 10_000, 1_000);
        kernel.onTick(block);

        assertThat(sink.anomalies(AnomalyKind.VOLUME_SPIKE)).singleElement().satisfies(a ->
        {
            assertThat(a.globalSeq()).isEqualTo(block.globalSeq);
            assertThat(a.score()).isEqualTo(100.0);
            assertThat(a.value()).isEqualTo(1_000.0);
            assertThat(a.baseline()).isEqualTo(10.0);
        });
    }

    @Test
    void shouldReportStaleInstrumentOnceWhenSilentForBudget()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        kernel.onTick(definition(2));
        kernel.onTick(trade(2, T0, 10_000, 1));
        kernel.onTick(trade(1, T0 + 4 * SECOND, 10_000, 1));
        assertThat(sink.anomalies(AnomalyKind.STALE)).isEmpty();

        final Tick late = trade(1, T0 + 6 * SECOND, 10_000, 1);
        kernel.onTick(late);
        kernel.onTick(trade(1, T0 + 9 * SECOND, 10_000, 1));

        assertThat(sink.anomalies(AnomalyKind.STALE)).singleElement().satisfies(a ->
        {
            assertThat(a.globalSeq()).isEqualTo(late.globalSeq);
            assertThat(a.instrumentId()).isEqualTo(2);
            assertThat(a.value()).isEqualTo(6.0 * SECOND);
            assertThat(a.baseline()).isEqualTo(5.0 * SECOND);
            assertThat(a.score()).isEqualTo(1.2);
        });
    }

    @Test
    void shouldReportStaleInstrumentFromTimerWhenWholeMarketIsQuiet()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        final Tick last = trade(1, T0, 10_000, 1);
        kernel.onTick(last);
        final Tick early = new Tick();
        early.type = TickType.TIMER;
        early.globalSeq = last.globalSeq;
        early.exchangeTimeNs = T0 + 4 * SECOND;
        kernel.onTick(early);
        assertThat(sink.anomalies(AnomalyKind.STALE)).isEmpty();

        // No trade or quote anywhere: the timer alone carries the clock past the budget.
        final Tick timer = new Tick();
        timer.type = TickType.TIMER;
        timer.globalSeq = last.globalSeq;
        timer.exchangeTimeNs = T0 + 5 * SECOND + SECOND / 2;
        kernel.onTick(timer);
        assertThat(sink.anomalies(AnomalyKind.STALE)).singleElement().satisfies(a ->
        {
            assertThat(a.globalSeq()).isEqualTo(last.globalSeq);
            assertThat(a.instrumentId()).isEqualTo(1);
            assertThat(a.value()).isEqualTo(5.5 * SECOND);
        });
        assertThat(counters.value("kernel.timers")).isEqualTo(2);
    }

    @Test
    void shouldSkipAndCountLogReturnWhenSpreadPriceCrossesZero()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        final long[] prices = { 5, -3, 2, 4, 0, 4 };
        for (int i = 0; i < prices.length; i++)
        {
            kernel.onTick(trade(1, T0 + i * MS, prices[i], 1));
        }
        assertThat(sink.stats).extracting(Stats::lastLogReturn).satisfiesExactly(
            r -> assertThat(r).isNaN(),
            r -> assertThat(r).isNaN(),
            r -> assertThat(r).isNaN(),
            r -> assertThat(r).isCloseTo(Math.log(2.0), org.assertj.core.data.Offset.offset(1e-15)),
            r -> assertThat(r).isNaN(),
            r -> assertThat(r).isNaN());
        // The first trade has no previous price; the other four NaNs are prices at or below zero, counted.
        assertThat(counters.value("kernel.undefined_log_returns")).isEqualTo(4);
        assertThat(sink.stats.get(5).realizedVolatility())
            .isCloseTo(Math.log(2.0), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void shouldCloseActivityBarsAtTheirThresholds()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        final List<Tick> trades = new ArrayList<>();
        for (int i = 0; i < 250; i++)
        {
            final Tick trade = trade(1, T0 + i * MS, 10_000 + i, 60);
            trades.add(trade);
            kernel.onTick(trade);
        }

        // Volume bars of 5,000 close on the 84th trade of 60 (5,040); tick bars on every 100th trade.
        assertThat(sink.activity.stream().filter(b -> b.kind() == ActivityKind.VOLUME).toList())
            .containsExactly(
                new Activity(trades.get(83).globalSeq, ActivityKind.VOLUME, 0, 5_040, 84, 10_000, 10_083,
                    T0, T0 + 83 * MS),
                new Activity(trades.get(167).globalSeq, ActivityKind.VOLUME, 1, 5_040, 84, 10_084, 10_167,
                    T0 + 84 * MS, T0 + 167 * MS));
        assertThat(sink.activity.stream().filter(b -> b.kind() == ActivityKind.TICK).toList())
            .containsExactly(
                new Activity(trades.get(99).globalSeq, ActivityKind.TICK, 0, 6_000, 100, 10_000, 10_099,
                    T0, T0 + 99 * MS),
                new Activity(trades.get(199).globalSeq, ActivityKind.TICK, 1, 6_000, 100, 10_100, 10_199,
                    T0 + 100 * MS, T0 + 199 * MS));
        assertThat(sink.activity.stream().filter(b -> b.kind() == ActivityKind.NOTIONAL)).isEmpty();
    }

    @Test
    void shouldEqualNaiveRecomputationWhenShortRandomStream()
    {
        final AnalyticsKernel kernel = kernel(sink);
        kernel.onTick(definition(1));
        final Random random = new Random(7);
        final List<long[]> trades = new ArrayList<>();
        long timeNs = T0;
        long price = 10_000;
        for (int i = 0; i < 400; i++)
        {
            // Bursts at one timestamp, steps up to 0.4 s, so every window both fills and drains.
            timeNs += random.nextInt(4) == 0 ? 0 : random.nextInt(400) * MS;
            price += random.nextInt(21) - 10;
            final long size = 1 + random.nextInt(50);
            trades.add(new long[] { timeNs, price, size });
            kernel.onTick(trade(1, timeNs, price, size));
        }

        assertThat(sink.stats).hasSize(trades.size());
        final double lambda = 0.94;
        double ewmaMean = 0;
        double ewmaVariance = 0;
        double zeroMeanVariance = 0;
        for (int i = 0; i < trades.size(); i++)
        {
            final Stats stats = sink.stats.get(i);
            final long now = trades.get(i)[0];
            final double r = i == 0 ? Double.NaN : Math.log((double)trades.get(i)[1] / trades.get(i - 1)[1]);
            if (i == 0)
            {
                assertThat(stats.lastLogReturn()).isNaN();
            }
            else
            {
                assertThat(stats.lastLogReturn()).isCloseTo(r, within(1e-15));
                final double d = r - ewmaMean;
                ewmaMean += (1 - lambda) * d;
                ewmaVariance = lambda * (ewmaVariance + (1 - lambda) * d * d);
                zeroMeanVariance = lambda * zeroMeanVariance + (1 - lambda) * r * r;
            }
            assertThat(stats.ewmaMean()).isCloseTo(ewmaMean, within(1e-15));
            assertThat(stats.ewmaVariance()).isCloseTo(ewmaVariance, within(1e-18));
            assertThat(stats.ewmaVolatility()).isCloseTo(Math.sqrt(zeroMeanVariance), within(1e-12));

            for (final Window window : stats.windows())
            {
                final List<long[]> in = inWindow(trades, i, now - window.windowNs());
                final double mean = in.stream().mapToLong(t -> t[1]).average().orElse(Double.NaN);
                final double variance = in.stream().mapToDouble(t -> (t[1] - mean) * (t[1] - mean)).sum() / in.size();
                assertThat(window.count()).isEqualTo(in.size());
                assertThat(window.mean()).isCloseTo(mean, within(1e-9));
                assertThat(window.stdDev()).isCloseTo(Math.sqrt(variance), within(1e-6));
                assertThat(window.min()).isEqualTo(in.stream().mapToLong(t -> t[1]).min().orElseThrow());
                assertThat(window.max()).isEqualTo(in.stream().mapToLong(t -> t[1]).max().orElseThrow());
            }

            final List<long[]> minute = inWindow(trades, i, now - 60 * SECOND);
            final long volume = minute.stream().mapToLong(t -> t[2]).sum();
            final long notional = minute.stream().mapToLong(t -> t[1] * t[2]).sum();
            assertThat(stats.rollingVolume()).isEqualTo(volume);
            assertThat(stats.rollingVwap()).isEqualTo((double)notional / volume);
            double sumSquares = 0;
            for (int j = 1; j <= i; j++)
            {
                if (trades.get(j)[0] > now - 60 * SECOND)
                {
                    final double rj = Math.log((double)trades.get(j)[1] / trades.get(j - 1)[1]);
                    sumSquares += rj * rj;
                }
            }
            assertThat(stats.realizedVolatility()).isCloseTo(Math.sqrt(sumSquares), within(1e-12));
            final List<long[]> tenSeconds = inWindow(trades, i, now - 10 * SECOND);
            assertThat(stats.sizeMean()).isCloseTo(
                tenSeconds.stream().mapToLong(t -> t[2]).average().orElseThrow(), within(1e-9));
        }
    }

    /** Trades up to index {@code last} stamped after {@code fromNs} (a window is {@code (t - W, t]}). */
    private static List<long[]> inWindow(final List<long[]> trades, final int last, final long fromNs)
    {
        final List<long[]> in = new ArrayList<>();
        for (int j = 0; j <= last; j++)
        {
            if (trades.get(j)[0] > fromNs)
            {
                in.add(trades.get(j));
            }
        }
        return in;
    }

    /** A deterministic stream of trades and quotes over a few instruments, written into one reused tick. */
    static final class Stream
    {
        final Tick tick = new Tick();
        long state = 0x9E3779B97F4A7C15L;
        long timeNs = T0;
        long globalSeq;
        final long[] prices = { 10_000, 20_000, 5_000, 70_000 };

        Tick next()
        {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            final long random = state;
            final int instrument = (int)((random >>> 8) & 3);
            timeNs += (random & 3) == 0 ? 0 : (random >>> 20) % (((random >>> 12) & 0xFF) == 0 ? 7 * SECOND : 2 * MS);
            tick.globalSeq = ++globalSeq;
            tick.instrumentId = instrument + 1;
            tick.exchangeTimeNs = timeNs;
            if ((random & 0x30) == 0)
            {
                tick.type = TickType.QUOTE;
                final long price = prices[instrument];
                tick.bidPriceMantissa = price - 1 - ((random >>> 40) & 3);
                tick.askPriceMantissa = price + 1 + ((random >>> 44) & 3) - ((random >>> 50) & 7) / 6 * 4;
                tick.bidSize = 10;
                tick.askSize = 10;
            }
            else
            {
                tick.type = TickType.TRADE;
                prices[instrument] += ((random >>> 30) % 21) - 10 + (((random >>> 52) & 0x3FF) == 0 ? 200 : 0);
                tick.priceMantissa = prices[instrument];
                tick.size = 1 + ((random >>> 45) % 400) * (((random >>> 56) & 0x7F) == 0 ? 50 : 1);
            }
            return tick;
        }
    }

    private static final int TICKS = 300_000;

    private static long run(final AnalyticsKernel kernel, final Stream stream, final int ticks)
    {
        long checksum = 0;
        for (int i = 0; i < ticks; i++)
        {
            kernel.onTick(stream.next());
            checksum += stream.tick.globalSeq;
        }
        return checksum;
    }

    @Test
    void shouldNotAllocatePerTickWhenWarmedUp()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counters unavailable");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counters unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        final long[] published = new long[1];
        final AnalyticsSink counting = (buffer, offset, length) -> published[0] += length;
        // Twins fed the very same stream link every branch the measured run takes (see ZeroAllocationTest).
        for (int round = 0; round < 3; round++)
        {
            run(kernel(counting, new Counters()), new Stream(), 2 * TICKS);
        }
        final AnalyticsKernel kernel = kernel(counting, new Counters());
        final Stream stream = new Stream();
        run(kernel, stream, TICKS);   // instruments created here: the control path may allocate

        final long publishedBefore = published[0];
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long checksum = run(kernel, stream, TICKS);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(checksum).isPositive();
        assertThat(published[0]).isGreaterThan(publishedBefore);
        assertThat(allocated).as("bytes allocated over %,d ticks", TICKS).isZero();
    }
}
