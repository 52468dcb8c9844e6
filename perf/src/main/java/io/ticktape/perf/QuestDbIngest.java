package io.ticktape.perf;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableWriter;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The QuestDB baseline: the same frames at the same constant rate, decoded by the same decoder, written by one
 * thread into an embedded QuestDB table (a non-WAL table, its {@link TableWriter}: QuestDB's own single-writer
 * ingestion path). Rows are committed the way the journal writes excerpts: when the next frame is not due yet or
 * 1024 rows are pending. A tick counts as ingested when the commit holding it returns; latency is measured from
 * its frame's intended send time, as for the pipeline.
 */
final class QuestDbIngest implements AutoCloseable
{
    private static final int INSTRUMENTS = 50;
    private static final int FRAMES = 1 << 16;
    private static final int MAX_PENDING = 1024;

    final SingleWriterRecorder recorder = new SingleWriterRecorder(1, LatencyPipeline.HIGHEST_NS, 3);
    private final CairoEngine engine;
    private final TableWriter writer;
    private final TicktapeFeedDecoder decoder;
    private final FrameTape tape;
    private final long[] pendingIntendedNs = new long[MAX_PENDING + 64];
    private int pending;
    private long rows;
    private long intendedNs;
    private volatile long sent;
    private volatile long maxBehindNs;

    QuestDbIngest(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        engine = new CairoEngine(new DefaultCairoConfiguration(dir.toAbsolutePath().toString()));
        try
        {
            engine.execute("CREATE TABLE ticks (ts TIMESTAMP, seq LONG, instrument INT, type BYTE, price LONG, " +
                "size LONG, bid LONG, bid_size LONG, ask LONG, ask_size LONG) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL");
        }
        catch (final io.questdb.griffin.SqlException ex)
        {
            engine.close();
            throw new IOException("QuestDB: " + ex.getMessage(), ex);
        }
        writer = engine.getWriter(engine.verifyTableName("ticks"), "ticktape latency baseline");
        final Counters counters = new Counters();
        decoder = new TicktapeFeedDecoder(new RowWriter(), counters, "feed.questdb");
        final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(INSTRUMENTS);
        FrameTape.feedDefinitions(simulator, INSTRUMENTS, decoder);
        commit();
        tape = new FrameTape(simulator, FRAMES);
    }

    /**
     * Send ticks at a constant rate into QuestDB (the calling thread is the producer and the writer).
     *
     * @param rate           ticks per second.
     * @param totalTicks     how many.
     * @param giveUpBehindNs stop early once this far behind schedule.
     * @return ticks sent.
     */
    long run(final long rate, final long totalTicks, final long giveUpBehindNs, final Pace pace)
    {
        final FrameSchedule schedule =
            new FrameSchedule(tape, rate, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10), giveUpBehindNs);
        long ticks = 0;
        while (ticks < totalTicks)
        {
            final long intended = schedule.dueNs();
            if (System.nanoTime() < intended && pending > 0)
            {
                commit(); // nothing due: write out what is pending, as the journal does at the end of a batch
            }
            if (!schedule.keepingUp(pace.awaitDue(intended)))
            {
                break;
            }
            intendedNs = intended;
            ticks += schedule.sendNext(decoder);
            if (pending >= MAX_PENDING)
            {
                commit();
            }
            if ((schedule.frameInLap() & 1023) == 0)
            {
                sent = ticks;
            }
        }
        commit();
        sent = ticks;
        maxBehindNs = schedule.maxBehindNs();
        return ticks;
    }

    private void commit()
    {
        writer.commit();
        final long nowNs = System.nanoTime();
        for (int i = 0; i < pending; i++)
        {
            recorder.recordValue(Math.min(Math.max(0, nowNs - pendingIntendedNs[i]), LatencyPipeline.HIGHEST_NS));
        }
        pending = 0;
    }

    long rows()
    {
        return rows;
    }

    long committedRows()
    {
        return writer.size();
    }

    long sentSoFar()
    {
        return sent;
    }

    long maxBehindNs()
    {
        return maxBehindNs;
    }

    @Override
    public void close()
    {
        writer.close();
        engine.close();
    }

    private final class RowWriter implements MarketDataHandler
    {
        private long seq;

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            return true;
        }

        @Override
        public void onTick(final Tick tick)
        {
            if (tick.type != TickType.TRADE && tick.type != TickType.QUOTE)
            {
                return;
            }
            final TableWriter.Row row = writer.newRow(tick.exchangeTimeNs / 1000);
            row.putLong(1, ++seq);
            row.putInt(2, tick.instrumentId);
            row.putByte(3, (byte)tick.type);
            row.putLong(4, tick.priceMantissa);
            row.putLong(5, tick.size);
            row.putLong(6, tick.bidPriceMantissa);
            row.putLong(7, tick.bidSize);
            row.putLong(8, tick.askPriceMantissa);
            row.putLong(9, tick.askSize);
            row.append();
            rows++;
            if (pending < pendingIntendedNs.length)
            {
                pendingIntendedNs[pending++] = intendedNs;
            }
        }
    }
}
