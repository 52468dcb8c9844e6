package io.ticktape.feed.sim;

import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.sbe.InstrumentDefinitionEncoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.QuoteEncoder;
import io.ticktape.protocol.sbe.Side;
import io.ticktape.protocol.sbe.TradeEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A market that writes itself as Ticktape SBE frames, deterministic for a given seed.
 * <p>
 * N instruments with skewed activity (Zipf weights: the first few trade far more than the tail), mid prices that
 * random-walk on each instrument's tick grid, spreads of one to three ticks, Poisson arrivals in exchange time at the
 * configured rate, trades at the touch with an aggressor side, and quotes. Instrument {@code 1} is a calendar spread
 * whose price wanders around zero, so negative prices appear as they do on real feeds. Definitions for every
 * instrument come first. Frames carry one to four messages and a dense line sequence number.
 * <p>
 * With a shock interval, the market also has occasional shocks, deterministic for the seed (drawn from a random
 * source of their own, so the rest of the market is the same with or without them): at exponentially distributed
 * times (mean: the interval, in exchange time) the next instrument to print jumps 2 to 4 % up or down and stays
 * there, and one shock in four also crosses that instrument's next quote (bid a tick above ask) for one message.
 * Instrument {@code 1} (the spread trading around zero) is never shocked.
 * <p>
 * Generating a frame allocates nothing.
 */
public final class MarketSimulator
{
    /** Exchange time of the first event: the US cash open on 2026-01-05. */
    public static final long DEFAULT_START_NS = Instant.parse("2026-01-05T14:30:00Z").getEpochSecond() * 1_000_000_000L;

    private static final String[] NAMES = {
        "ESZ6", "ESZ6-ESH7", "NQZ6", "CLF7", "AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "ZNH7", "GCG7",
        "6EZ6", "BRK.B", "JPM",
    };
    private static final int MAX_DEFINITIONS_PER_FRAME = 8;
    private static final double TRADE_PROBABILITY = 0.35;
    private static final double MID_MOVE_PROBABILITY = 0.3;

    private final FrameHeaderFlyweight frameHeader = new FrameHeaderFlyweight();
    private final MessageHeaderEncoder messageHeader = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definitionEncoder = new InstrumentDefinitionEncoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final QuoteEncoder quoteEncoder = new QuoteEncoder();

    private final SplittableRandom random;
    private final int channelId;
    private final int instrumentCount;
    private final double meanInterArrivalNs;
    private final double[] cumulativeWeight;
    private final byte[][] symbols;
    private final int[] priceExponent;
    private final long[] tickSize;
    private final long[] midTicks;
    private final int[] halfSpreadTicks;
    private long nowNs;
    private long lineSeq;
    private long tradeId;
    private int definitionsSent;
    private long frameTimeNs;
    private long messagesGenerated;
    private final SplittableRandom shockRandom;
    private final double meanShockIntervalNs;
    private final boolean[] crossNextQuote;
    private long nextShockNs = Long.MAX_VALUE;
    private long shocks;

    /**
     * @param seed          for the random source; the same seed gives the same frames.
     * @param instrumentCount number of instruments, at least 1.
     * @param ratePerSecond mean message rate in exchange time (Poisson arrivals).
     * @param channelId     channel written into every frame header.
     * @param startNs       exchange time of the first message, epoch ns.
     */
    public MarketSimulator(
        final long seed, final int instrumentCount, final double ratePerSecond, final int channelId, final long startNs)
    {
        this(seed, instrumentCount, ratePerSecond, channelId, startNs, 0);
    }

    /**
     * @param seed            for the random source; the same seed gives the same frames.
     * @param instrumentCount number of instruments, at least 1.
     * @param ratePerSecond   mean message rate in exchange time (Poisson arrivals).
     * @param channelId       channel written into every frame header.
     * @param startNs         exchange time of the first message, epoch ns.
     * @param shockIntervalNs mean exchange time between shocks; 0 for none.
     */
    public MarketSimulator(
        final long seed,
        final int instrumentCount,
        final double ratePerSecond,
        final int channelId,
        final long startNs,
        final long shockIntervalNs)
    {
        if (shockIntervalNs < 0)
        {
            throw new IllegalArgumentException("shockIntervalNs must not be negative: " + shockIntervalNs);
        }
        if (instrumentCount < 1)
        {
            throw new IllegalArgumentException("instrumentCount must be at least 1: " + instrumentCount);
        }
        if (!(ratePerSecond > 0))
        {
            throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
        }
        this.random = new SplittableRandom(seed);
        this.channelId = channelId;
        this.instrumentCount = instrumentCount;
        this.meanInterArrivalNs = 1e9 / ratePerSecond;
        this.nowNs = startNs;
        this.shockRandom = new SplittableRandom(seed ^ 0x5DEE_CE66_DL);
        this.meanShockIntervalNs = shockIntervalNs;
        this.crossNextQuote = new boolean[instrumentCount];
        if (shockIntervalNs > 0)
        {
            nextShockNs = startNs + nextShockDelayNs();
        }

        cumulativeWeight = new double[instrumentCount];
        symbols = new byte[instrumentCount][];
        priceExponent = new int[instrumentCount];
        tickSize = new long[instrumentCount];
        midTicks = new long[instrumentCount];
        halfSpreadTicks = new int[instrumentCount];
        double total = 0;
        for (int i = 0; i < instrumentCount; i++)
        {
            total += 1.0 / Math.pow(i + 1, 1.1);
            cumulativeWeight[i] = total;
            final String name = i < NAMES.length ? NAMES[i] : String.format("SIM%04d", i);
            symbols[i] = Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), InstrumentDefinitionEncoder.symbolLength());
            final boolean spread = i == 1;
            priceExponent[i] = spread ? -4 : -2;
            tickSize[i] = spread ? 25 : (i % 3 == 0 ? 25 : 1);
            // Spread trades around zero; outrights between 10.00 and 510.00.
            midTicks[i] = spread ? 0 : (1_000 + random.nextInt(50_000)) / tickSize[i];
            halfSpreadTicks[i] = 1;
        }
        for (int i = 0; i < instrumentCount; i++)
        {
            cumulativeWeight[i] /= total;
        }
    }

    /**
     * Write the next frame.
     *
     * @param buffer to write into; needs room for {@link #maxFrameLength()} bytes from offset.
     * @param offset where the frame starts.
     * @return the frame's length in bytes.
     */
    public int nextFrame(final MutableDirectBuffer buffer, final int offset)
    {
        lineSeq++;
        frameHeader.wrap(buffer, offset).lineSeq(lineSeq).channelId(channelId);
        int position = offset + FrameHeaderFlyweight.LENGTH;
        int count = 0;

        if (definitionsSent < instrumentCount)
        {
            while (definitionsSent < instrumentCount && count < MAX_DEFINITIONS_PER_FRAME)
            {
                position += writeDefinition(buffer, position, definitionsSent++);
                count++;
            }
        }
        else
        {
            final int messages = 1 + random.nextInt(4);
            for (int i = 0; i < messages; i++)
            {
                nowNs += (long)(-Math.log(1.0 - random.nextDouble()) * meanInterArrivalNs);
                position += writeMarketEvent(buffer, position);
                count++;
            }
        }
        frameTimeNs = nowNs;
        frameHeader.sendingTimeNs(nowNs).messageCount(count);
        messagesGenerated += count;
        return position - offset;
    }

    /**
     * @return exchange time of the last frame written, epoch ns.
     */
    public long frameTimeNs()
    {
        return frameTimeNs;
    }

    /**
     * @return line sequence number of the last frame written.
     */
    public long lineSeq()
    {
        return lineSeq;
    }

    /**
     * @return messages written so far, definitions included.
     */
    public long messagesGenerated()
    {
        return messagesGenerated;
    }

    /**
     * @return the most bytes one frame can take.
     */
    public static int maxFrameLength()
    {
        final int largest = Math.max(InstrumentDefinitionEncoder.BLOCK_LENGTH,
            Math.max(TradeEncoder.BLOCK_LENGTH, QuoteEncoder.BLOCK_LENGTH));
        return FrameHeaderFlyweight.LENGTH +
            MAX_DEFINITIONS_PER_FRAME * (MessageHeaderEncoder.ENCODED_LENGTH + largest);
    }

    private int writeDefinition(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        definitionEncoder.wrapAndApplyHeader(buffer, offset, messageHeader)
            .instrumentId(instrument)
            .priceExponent((byte)priceExponent[instrument])
            .tickSizeMantissa(tickSize[instrument])
            .putSymbol(symbols[instrument], 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + definitionEncoder.encodedLength();
    }

    private int writeMarketEvent(final MutableDirectBuffer buffer, final int offset)
    {
        final int instrument = pickInstrument();
        if (random.nextDouble() < MID_MOVE_PROBABILITY)
        {
            midTicks[instrument] += random.nextBoolean() ? 1 : -1;
            if (instrument != 1 && midTicks[instrument] < 10)
            {
                midTicks[instrument] = 10;
            }
            halfSpreadTicks[instrument] = 1 + (random.nextInt(10) == 0 ? 1 : 0);
        }
        if (nowNs >= nextShockNs && instrument != 1)
        {
            shock(instrument);
        }
        final long tick = tickSize[instrument];
        final long bid = (midTicks[instrument] - halfSpreadTicks[instrument]) * tick;
        final long ask = (midTicks[instrument] + halfSpreadTicks[instrument]) * tick;

        if (random.nextDouble() < TRADE_PROBABILITY)
        {
            final boolean buy = random.nextBoolean();
            tradeEncoder.wrapAndApplyHeader(buffer, offset, messageHeader)
                .instrumentId(instrument)
                .exchangeTimeNs(nowNs)
                .priceMantissa(buy ? ask : bid)
                .size(lotSize())
                .aggressorSide(buy ? Side.BUY : Side.SELL)
                .tradeId(++tradeId);
            return MessageHeaderEncoder.ENCODED_LENGTH + tradeEncoder.encodedLength();
        }

        final boolean crossed = crossNextQuote[instrument];
        crossNextQuote[instrument] = false;
        quoteEncoder.wrapAndApplyHeader(buffer, offset, messageHeader)
            .instrumentId(instrument)
            .exchangeTimeNs(nowNs)
            .bidPriceMantissa(crossed ? ask + tick : bid)
            .bidSize(lotSize() * 10)
            .askPriceMantissa(ask)
            .askSize(lotSize() * 10);
        return MessageHeaderEncoder.ENCODED_LENGTH + quoteEncoder.encodedLength();
    }

    private void shock(final int instrument)
    {
        final long move = Math.max(5, midTicks[instrument] * (2 + shockRandom.nextInt(3)) / 100);
        midTicks[instrument] = Math.max(10, midTicks[instrument] + (shockRandom.nextBoolean() ? move : -move));
        crossNextQuote[instrument] = shockRandom.nextInt(4) == 0;
        shocks++;
        nextShockNs = nowNs + nextShockDelayNs();
    }

    private long nextShockDelayNs()
    {
        return 1 + (long)(-Math.log(1.0 - shockRandom.nextDouble()) * meanShockIntervalNs);
    }

    /**
     * @return shocks so far.
     */
    public long shocks()
    {
        return shocks;
    }

    private long lotSize()
    {
        // Geometric sizes: mostly small lots, now and then a block.
        return 1 + (long)(-Math.log(1.0 - random.nextDouble()) * 20);
    }

    private int pickInstrument()
    {
        final double u = random.nextDouble();
        int index = Arrays.binarySearch(cumulativeWeight, u);
        if (index < 0)
        {
            index = -index - 1;
        }
        return Math.min(index, instrumentCount - 1);
    }
}
