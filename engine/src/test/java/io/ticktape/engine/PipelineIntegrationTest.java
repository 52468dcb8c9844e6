package io.ticktape.engine;

import io.aeron.Aeron;
import io.ticktape.engine.ReferenceAnalytics.Bar;
import io.ticktape.engine.ReferenceAnalytics.Vwap;
import io.ticktape.engine.ReferenceFeed.RefTick;
import io.ticktape.protocol.sbe.ActivityBarDecoder;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline in one process, on real parts: simulator, feed decoder, sequencer, Disruptor, kernel,
 * Chronicle Queue journal on disk, Aeron IPC through a real media driver. Checked against the simulator's own
 * frames decoded independently, and a naive recomputation of the analytics.
 */
class PipelineIntegrationTest
{
    private static final long SEED = 7;
    private static final int INSTRUMENTS = 12;
    private static final long RATE = 1_000;
    private static final long MESSAGES = 120_000;
    private static final long[] INTERVALS_NS = { TimeUnit.SECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(1) };

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldJournalPublishAndComputeEveryTickOfTheSimulatedFeed() throws Exception
    {
        final List<RefTick> reference = ReferenceFeed.generate(SEED, INSTRUMENTS, RATE, MESSAGES);
        assertThat(reference.size()).isGreaterThanOrEqualTo(100_000);

        final Collector collector = new Collector();
        final Map<String, Long> counters;
        try (EngineUnderTest engine = new EngineUnderTest(dir, dir.resolve("data"), collector))
        {
            final EngineConfig config = engine.config;
            config.simulator.seed = SEED;
            config.simulator.instruments = INSTRUMENTS;
            config.simulator.rate = RATE;
            config.simulator.paced = false;
            config.simulator.maxMessages = MESSAGES;
            // Deterministic bar closing: only ticks move the kernel's clock here (timers: TimerBarCloseTest).
            config.timerInterval = "0s";
            counters = engine.runFeedToEnd(TimeUnit.MINUTES.toNanos(3));
        }

        final int n = reference.size();
        assertThat(counters.get("sequencer.ticks")).isEqualTo(n);
        assertThat(counters.get("journal.ticks")).isEqualTo(n);
        assertThat(counters.get("publisher.ticks.published")).isEqualTo(n);
        assertThat(counters.get("publisher.ticks.back_pressure_drops")).isZero();
        assertThat(counters.get("publisher.analytics.back_pressure_drops")).isZero();
        assertThat(counters.get("publisher.ticks.unsubscribed")).isZero();
        assertThat(counters.get("engine.errors")).isZero();

        // (b) every tick journaled exactly once, in sequence order, equal to what the simulator emitted.
        final List<Tick> journaled = new ArrayList<>();
        try (JournalReader reader = new JournalReader(Journal.open(dir.resolve("data"), "FAST_DAILY", true)))
        {
            reader.readAll(tick -> journaled.add(new Tick().copyFrom(tick)));
            assertThat(reader.corruptExcerpts()).isZero();
        }
        assertThat(journaled).hasSize(n);
        for (int i = 0; i < n; i++)
        {
            assertThat(journaled.get(i).globalSeq).isEqualTo(i + 1);
            assertSameTick(journaled.get(i), reference.get(i));
        }

        // (c) the Aeron subscriber received every published tick, in order.
        assertThat(collector.ticks).hasSize(n);
        for (int i = 0; i < n; i++)
        {
            assertThat(collector.ticks.get(i).globalSeq).isEqualTo(i + 1);
            assertSameTick(collector.ticks.get(i), reference.get(i));
        }
        assertThat((long)(collector.vwaps.size() + collector.bars.size()) + collector.operatorOutputs)
            .isEqualTo(counters.get("publisher.analytics.published"));

        // (a) VWAP and bars equal a naive recomputation from the simulator's ticks.
        final ReferenceAnalytics expected = new ReferenceAnalytics(reference, INTERVALS_NS);
        assertThat(collector.vwaps).containsExactlyElementsOf(expected.vwaps);
        final Comparator<Bar> order = Comparator.comparingInt(Bar::instrument).thenComparingLong(Bar::intervalNs)
            .thenComparingLong(Bar::openTimeNs);
        final List<Bar> actualBars = new ArrayList<>(collector.bars);
        actualBars.sort(order);
        final List<Bar> expectedBars = new ArrayList<>(expected.bars);
        expectedBars.sort(order);
        assertThat(actualBars.stream().filter(Bar::closed).count()).isGreaterThan(100);
        assertThat(actualBars).containsExactlyElementsOf(expectedBars);
    }

    private static void assertSameTick(final Tick actual, final RefTick expected)
    {
        switch (expected.type())
        {
            case 'T':
                assertThat(actual.type).isEqualTo(TickType.TRADE);
                assertThat(new long[]{ actual.instrumentId, actual.exchangeTimeNs, actual.priceMantissa, actual.size })
                    .containsExactly(expected.instrument(), expected.timeNs(), expected.price(), expected.size());
                break;
            case 'Q':
                assertThat(actual.type).isEqualTo(TickType.QUOTE);
                assertThat(new long[]{ actual.instrumentId, actual.exchangeTimeNs, actual.bidPriceMantissa,
                    actual.bidSize, actual.askPriceMantissa, actual.askSize })
                    .containsExactly(expected.instrument(), expected.timeNs(), expected.bid(), expected.bidSize(),
                        expected.ask(), expected.askSize());
                break;
            default:
                assertThat(actual.type).isEqualTo(TickType.INSTRUMENT);
                assertThat(actual.instrumentId).isEqualTo(expected.instrument());
                assertThat(actual.priceExponent).isEqualTo(expected.exponent());
                assertThat(actual.symbolAsString()).isEqualTo(expected.symbol());
                break;
        }
    }

    /**
     * A trading system's view: polls both streams through the public subscriber API.
     */
    private static final class Collector extends PollingCollector
    {
        final List<Tick> ticks = new ArrayList<>();
        final List<Vwap> vwaps = new ArrayList<>();
        final List<Bar> bars = new ArrayList<>();
        long operatorOutputs;

        @Override
        public void onInstrument(final InstrumentTickDecoder m)
        {
            final Tick tick = new Tick();
            tick.type = TickType.INSTRUMENT;
            tick.globalSeq = m.envelope().globalSeq();
            tick.instrumentId = (int)m.instrumentId();
            tick.priceExponent = m.priceExponent();
            tick.symbol(m.symbol().trim());
            ticks.add(tick);
        }

        @Override
        public void onTrade(final TradeTickDecoder m)
        {
            final Tick tick = new Tick();
            tick.type = TickType.TRADE;
            tick.globalSeq = m.envelope().globalSeq();
            tick.instrumentId = (int)m.instrumentId();
            tick.exchangeTimeNs = m.exchangeTimeNs();
            tick.priceMantissa = m.priceMantissa();
            tick.size = m.size();
            ticks.add(tick);
        }

        @Override
        public void onQuote(final QuoteTickDecoder m)
        {
            final Tick tick = new Tick();
            tick.type = TickType.QUOTE;
            tick.globalSeq = m.envelope().globalSeq();
            tick.instrumentId = (int)m.instrumentId();
            tick.exchangeTimeNs = m.exchangeTimeNs();
            tick.bidPriceMantissa = m.bidPriceMantissa();
            tick.bidSize = m.bidSize();
            tick.askPriceMantissa = m.askPriceMantissa();
            tick.askSize = m.askSize();
            ticks.add(tick);
        }

        @Override
        public void onVwap(final VwapUpdateDecoder m)
        {
            vwaps.add(new Vwap(m.envelope().globalSeq(), (int)m.instrumentId(), m.volume(), m.tradeCount(),
                m.lastPriceMantissa(), m.vwap()));
        }

        @Override
        public void onStatistics(final StatisticsDecoder m)
        {
            operatorOutputs++;
        }

        @Override
        public void onActivityBar(final ActivityBarDecoder m)
        {
            operatorOutputs++;
        }

        @Override
        public void onAnomaly(final AnomalyScoreDecoder m)
        {
            operatorOutputs++;
        }

        @Override
        public void onBar(final BarDecoder m)
        {
            bars.add(new Bar((int)m.instrumentId(), m.intervalNs(), m.openTimeNs(), m.openMantissa(),
                m.highMantissa(), m.lowMantissa(), m.closeMantissa(), m.volume(), m.tradeCount(), m.vwap(),
                m.firstTradeNs(), m.lastTradeNs(), m.closed() == BooleanType.TRUE, m.envelope().globalSeq()));
        }
    }

}
