package io.ticktape.feed.sim;

import io.ticktape.feed.SbeFrames;
import io.ticktape.feed.SbeFrames.FrameView;
import io.ticktape.feed.SbeFrames.TickView;
import io.ticktape.protocol.tick.TickType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarketSimulatorTest
{
    private static final long START_NS = MarketSimulator.DEFAULT_START_NS;
    private static final int CHANNEL = 9;

    @Test
    void shouldProduceIdenticalFramesWhenSeedIsTheSame()
    {
        final MarketSimulator first = new MarketSimulator(42, 16, 1_000_000, CHANNEL, START_NS);
        final MarketSimulator second = new MarketSimulator(42, 16, 1_000_000, CHANNEL, START_NS);
        final List<byte[]> a = frames(first, 20_000);
        final List<byte[]> b = frames(second, 20_000);

        for (int i = 0; i < a.size(); i++)
        {
            assertThat(b.get(i)).as("frame %d", i).isEqualTo(a.get(i));
        }
        assertThat(second.messagesGenerated()).isEqualTo(first.messagesGenerated());
        assertThat(second.frameTimeNs()).isEqualTo(first.frameTimeNs());
    }

    @Test
    void shouldProduceDifferentMarketFramesWhenSeedsDiffer()
    {
        final List<byte[]> a = frames(new MarketSimulator(1, 16, 1_000_000, CHANNEL, START_NS), 2_000);
        final List<byte[]> b = frames(new MarketSimulator(2, 16, 1_000_000, CHANNEL, START_NS), 2_000);

        // Definitions (the first two frames of 8) carry no randomness; market frames must differ.
        int differing = 0;
        for (int i = 2; i < a.size(); i++)
        {
            if (!Arrays.equals(a.get(i), b.get(i)))
            {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(1_900);
    }

    @Test
    void shouldEmitEveryDefinitionBeforeAnyMarketEventWhenStarting()
    {
        final int instruments = 21;
        final List<byte[]> frames = frames(new MarketSimulator(5, instruments, 1_000_000, CHANNEL, START_NS), 1_000);
        final List<TickView> ticks = new ArrayList<>();
        for (final byte[] frame : frames)
        {
            ticks.addAll(SbeFrames.decode(frame, 0));
        }

        final Set<String> symbols = new HashSet<>();
        for (int i = 0; i < instruments; i++)
        {
            final TickView definition = ticks.get(i);
            assertThat(definition.type()).as("tick %d", i).isEqualTo(TickType.INSTRUMENT);
            assertThat(definition.instrumentId()).isEqualTo(i);
            assertThat(definition.symbol()).isNotEmpty().hasSizeLessThanOrEqualTo(16);
            assertThat(definition.tickSize()).isPositive();
            assertThat(definition.priceExponent()).isNegative();
            symbols.add(definition.symbol());
        }
        assertThat(symbols).hasSize(instruments);
        assertThat(ticks.get(1).priceExponent()).as("the calendar spread").isEqualTo(-4);
        // 21 definitions at most 8 a frame: frames 1 to 3 hold them all and nothing else.
        assertThat(SbeFrames.header(frames.get(0)).messageCount()).isEqualTo(8);
        assertThat(SbeFrames.header(frames.get(2)).messageCount()).isEqualTo(5);
        for (int i = instruments; i < ticks.size(); i++)
        {
            assertThat(ticks.get(i).type()).as("tick %d", i).isIn(TickType.TRADE, TickType.QUOTE);
            assertThat(ticks.get(i).instrumentId()).isBetween(0, instruments - 1);
        }
    }

    @Test
    void shouldNumberFramesDenselyFromOneWhenGenerating()
    {
        final MarketSimulator simulator = new MarketSimulator(11, 4, 100_000, CHANNEL, START_NS);
        final List<byte[]> frames = frames(simulator, 10_000);
        long messages = 0;
        for (int i = 0; i < frames.size(); i++)
        {
            final FrameView header = SbeFrames.header(frames.get(i));
            assertThat(header.lineSeq()).isEqualTo(i + 1L);
            assertThat(header.channelId()).isEqualTo(CHANNEL);
            assertThat(frames.get(i).length).isLessThanOrEqualTo(MarketSimulator.maxFrameLength());
            if (i > 0)
            {
                assertThat(header.messageCount()).isBetween(1, 4);
            }
            messages += header.messageCount();
        }
        assertThat(simulator.lineSeq()).isEqualTo(10_000);
        assertThat(simulator.messagesGenerated()).isEqualTo(messages);
    }

    @Test
    void shouldKeepExchangeTimeNonDecreasingWhenGenerating()
    {
        final MarketSimulator simulator = new MarketSimulator(3, 8, 5_000_000, CHANNEL, START_NS);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        long previous = START_NS;
        long previousFrame = START_NS;
        for (int f = 0; f < 50_000; f++)
        {
            final byte[] frame = Arrays.copyOf(buffer.byteArray(), simulator.nextFrame(buffer, 0));
            final FrameView header = SbeFrames.header(frame);
            assertThat(header.sendingTimeNs()).isGreaterThanOrEqualTo(previousFrame);
            assertThat(simulator.frameTimeNs()).isEqualTo(header.sendingTimeNs());
            previousFrame = header.sendingTimeNs();
            for (final TickView tick : SbeFrames.decode(frame, 0))
            {
                if (tick.type() != TickType.INSTRUMENT)
                {
                    assertThat(tick.exchangeTimeNs()).as("frame %d", f).isGreaterThanOrEqualTo(previous);
                    assertThat(tick.exchangeTimeNs()).isLessThanOrEqualTo(header.sendingTimeNs());
                    previous = tick.exchangeTimeNs();
                }
            }
        }
        // 5M messages/s of exchange time, about 125k messages: tens of milliseconds have passed.
        assertThat(previous - START_NS).isBetween(1_000_000L, 1_000_000_000L);
    }

    @Test
    void shouldTradeBelowZeroWhenInstrumentIsTheCalendarSpread()
    {
        final int instruments = 16;
        final Market market = market(7, instruments, 200_000);

        assertThat(market.minPrice.get(1)).as("instrument 1 (spread) lowest price").isNegative();
        assertThat(market.ticks).anyMatch(t -> t.type() == TickType.TRADE && t.instrumentId() == 1 && t.price() < 0);
        for (int i = 0; i < instruments; i++)
        {
            if (i != 1 && market.minPrice.containsKey(i))
            {
                assertThat(market.minPrice.get(i)).as("instrument %d lowest price", i).isPositive();
            }
        }
    }

    @Test
    void shouldKeepPricesOnTickGridWithPositiveSpreadWhenGenerating()
    {
        final Market market = market(13, 16, 100_000);
        for (final TickView tick : market.ticks)
        {
            final TickView definition = market.definitions.get(tick.instrumentId());
            if (tick.type() == TickType.TRADE)
            {
                assertThat(Math.floorMod(tick.price(), definition.tickSize())).as("%s", tick).isZero();
                assertThat(tick.size()).isPositive();
                assertThat(tick.side()).isIn((byte)1, (byte)2);
            }
            else if (tick.type() == TickType.QUOTE)
            {
                assertThat(tick.ask()).as("%s", tick).isGreaterThan(tick.bid());
                assertThat(Math.floorMod(tick.bid(), definition.tickSize())).isZero();
                assertThat(Math.floorMod(tick.ask(), definition.tickSize())).isZero();
                assertThat(tick.bidSize()).isPositive();
                assertThat(tick.askSize()).isPositive();
            }
        }
    }

    @Test
    void shouldNumberTradesDenselyWhenGenerating()
    {
        final Market market = market(17, 5, 50_000);
        long expected = 1;
        for (final TickView tick : market.ticks)
        {
            if (tick.type() == TickType.TRADE)
            {
                assertThat(tick.tradeId()).isEqualTo(expected++);
            }
        }
        assertThat(expected).isGreaterThan(10_000);
    }

    @Test
    void shouldSkewActivityTowardFirstInstrumentWhenGenerating()
    {
        final int instruments = 16;
        final Market market = market(23, instruments, 200_000);
        final long first = market.count.get(0);
        final long last = market.count.get(instruments - 1);

        // Zipf(1.1) weights: 1 against 1/16^1.1, about 21 to 1.
        assertThat(first).isGreaterThan(5 * last);
        assertThat(last).isPositive();
        for (int i = 1; i < instruments; i++)
        {
            assertThat(first).isGreaterThan(market.count.get(i));
        }
    }

    @Test
    void shouldRejectArgumentsWhenOutOfRange()
    {
        assertThatThrownBy(() -> new MarketSimulator(1, 0, 1, 0, START_NS))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MarketSimulator(1, 1, 0, 0, START_NS))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MarketSimulator(1, 1, Double.NaN, 0, START_NS))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<byte[]> frames(final MarketSimulator simulator, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength() + 7]);
        final List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int length = simulator.nextFrame(buffer, 7);
            frames.add(Arrays.copyOfRange(buffer.byteArray(), 7, 7 + length));
        }
        return frames;
    }

    private static final class Market
    {
        final List<TickView> ticks = new ArrayList<>();
        final Map<Integer, TickView> definitions = new HashMap<>();
        final Map<Integer, Long> minPrice = new HashMap<>();
        final Map<Integer, Long> count = new HashMap<>();
    }

    private static Market market(final long seed, final int instruments, final long messages)
    {
        final MarketSimulator simulator = new MarketSimulator(seed, instruments, 1_000_000, CHANNEL, START_NS);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        final Market market = new Market();
        while (simulator.messagesGenerated() < messages)
        {
            final byte[] frame = Arrays.copyOf(buffer.byteArray(), simulator.nextFrame(buffer, 0));
            for (final TickView tick : SbeFrames.decode(frame, 0))
            {
                market.ticks.add(tick);
                if (tick.type() == TickType.INSTRUMENT)
                {
                    market.definitions.put(tick.instrumentId(), tick);
                    continue;
                }
                assertThat(market.definitions).containsKey(tick.instrumentId());
                market.count.merge(tick.instrumentId(), 1L, Long::sum);
                final long low = tick.type() == TickType.TRADE ? tick.price() : tick.bid();
                market.minPrice.merge(tick.instrumentId(), low, Math::min);
            }
        }
        return market;
    }
}
