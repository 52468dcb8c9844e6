package io.ticktape.store.history;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Builds the columnar history tier from the journal, in the background: tails the Chronicle Queue, routes each
 * trade and quote to its symbol's column file for the day, and flushes pending rows at least every flush interval
 * (sooner when the journal goes quiet) so that a journaled tick becomes visible to {@link ColumnarHistory} within
 * milliseconds. It reads the journal, not the ring, so it can never hold the ring up.
 * <p>
 * Crash safety: every column file knows the highest global sequence it holds and ignores rows at or below it, so
 * re-reading any stretch of the journal is harmless. The builder checkpoints its journal position and instrument
 * table every second; on restart it resumes from there, and a column file whose tail is torn (cut at the last
 * intact block on open) sends the builder back to the start of the journal to put the lost rows back.
 */
public final class HistoryBuilder implements Agent, AutoCloseable
{
    /** Default longest time between flushes while the journal is busy. */
    public static final long DEFAULT_FLUSH_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Default rows in a sealed block. */
    public static final int DEFAULT_BLOCK_ROWS = 4096;
    private static final long CHECKPOINT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int EXCERPTS_PER_CYCLE = 256;

    private final Path root;
    private final ChronicleQueue queue;
    private ExcerptTailer tailer;
    private long resumeIndex = -1;
    private long resumeSeq;
    private final NanoClock clock;
    private final long flushIntervalNs;
    private final int blockRows;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final HistoryFiles.State state;
    private final BlockCodec codec = new BlockCodec();
    private final UnsafeBuffer scratch;
    private final TickCodec tickCodec = new TickCodec();
    private final Tick tick = new Tick();
    private byte[] excerptBytes = new byte[64 * 1024];
    private final UnsafeBuffer excerpt = new UnsafeBuffer(excerptBytes);
    private final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    private final Map<String, Integer> symbolExponents;
    private final Long2ObjectHashMap<ColumnFile.Writer> writersByKey = new Long2ObjectHashMap<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final List<ColumnFile.Writer> dirty = new ArrayList<>();
    private final AtomicCounter ticksRead;
    private final AtomicCounter rowsAdded;
    private final AtomicCounter repairs;
    private final AtomicCounter undefined;
    private final AtomicCounter corrupt;
    private final AtomicCounter visible;
    private long lastSeqRead;
    private long lastIndex = -1;
    private long lastFlushNs;
    private long lastCheckpointNs;
    private boolean unpublished;
    private boolean checkpointDue;
    private boolean rewind;

    /**
     * @param dataDir         the store's data directory (history under {@code dataDir/history}).
     * @param queue           the journal, open; closed with the builder.
     * @param flushIntervalNs longest time pending rows wait before readers see them while the journal is busy.
     * @param blockRows       rows in a sealed block.
     * @param clock           for flush timing.
     * @param counters        where the builder's counters live.
     * @throws IllegalStateException if another builder holds this data directory.
     */
    public HistoryBuilder(
        final Path dataDir,
        final ChronicleQueue queue,
        final long flushIntervalNs,
        final int blockRows,
        final NanoClock clock,
        final Counters counters)
    {
        if (blockRows < 1 || flushIntervalNs < 0)
        {
            throw new IllegalArgumentException("blockRows must be positive and flushInterval not negative");
        }
        this.root = HistoryFiles.root(dataDir);
        this.queue = queue;
        this.clock = clock;
        this.flushIntervalNs = flushIntervalNs;
        this.blockRows = blockRows;
        this.scratch = new UnsafeBuffer(new byte[BlockCodec.maxLength(blockRows)]);
        ticksRead = counters.newCounter("history.ticks_read");
        rowsAdded = counters.newCounter("history.rows");
        repairs = counters.newCounter("history.repaired_files");
        undefined = counters.newCounter("history.ticks_before_definition");
        corrupt = counters.newCounter("history.corrupt_excerpts");
        visible = counters.newCounter("history.visible_global_seq");
        try
        {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(root.resolve("builder.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (null == lock)
            {
                lockChannel.close();
                throw new IllegalStateException("another history builder (a running engine?) holds " + root);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock " + root, ex);
        }
        catch (final java.nio.channels.OverlappingFileLockException ex)
        {
            throw new IllegalStateException("another history builder in this process holds " + root);
        }
        state = new HistoryFiles.State(root, true);
        symbolExponents = HistoryFiles.readSymbols(root);
        resume();
    }

    /**
     * Bring the history tier up to date with the journal and stop: for commands that write the journal while no
     * engine runs (import).
     *
     * @param dataDir   the store's data directory.
     * @param rollCycle the journal's roll cycle.
     * @param counters  where the counters live.
     * @return ticks read, or -1 if another builder (a running engine) holds the directory and will do it.
     */
    public static long catchUp(final Path dataDir, final String rollCycle, final Counters counters)
    {
        final HistoryBuilder builder;
        try
        {
            builder = new HistoryBuilder(dataDir, Journal.open(dataDir, rollCycle, false), 0, DEFAULT_BLOCK_ROWS,
                org.agrona.concurrent.SystemNanoClock.INSTANCE, counters);
        }
        catch (final IllegalStateException ex)
        {
            return -1;
        }
        try (builder)
        {
            while (builder.doWork() > 0)
            {
                Thread.onSpinWait();
            }
            return builder.ticksRead.get();
        }
    }

    /**
     * @param dataDir the store's data directory.
     * @return true if a builder (a running engine) holds the directory now.
     */
    public static boolean heldByAnother(final Path dataDir)
    {
        final Path file = HistoryFiles.root(dataDir).resolve("builder.lock");
        if (!Files.exists(file))
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            final FileLock probe = channel.tryLock();
            if (null == probe)
            {
                return true;
            }
            probe.release();
            return false;
        }
        catch (final java.nio.channels.OverlappingFileLockException ex)
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private void resume()
    {
        final Path file = root.resolve("checkpoint.properties");
        if (Files.exists(file))
        {
            final Properties checkpoint = new Properties();
            try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                checkpoint.load(reader);
                final long index = Long.parseLong(checkpoint.getProperty("journalIndex", "-1"));
                for (final String name : checkpoint.stringPropertyNames())
                {
                    if (name.startsWith("instrument."))
                    {
                        final String value = checkpoint.getProperty(name);
                        final int comma = value.indexOf(',');
                        defineInstrument(Integer.parseInt(name.substring("instrument.".length())),
                            value.substring(comma + 1), Integer.parseInt(value.substring(0, comma)));
                    }
                }
                resumeIndex = index;
                resumeSeq = Long.parseLong(checkpoint.getProperty("globalSeq", "0"));
            }
            catch (final IOException | RuntimeException ex)
            {
                // An unreadable checkpoint costs a re-read of the journal, nothing more.
                instruments.clear();
                resumeIndex = -1;
            }
        }
        // Files written since the last checkpoint may be torn: open and check the newest partitions now.
        final List<Long> days = HistoryFiles.days(root);
        for (int i = Math.max(0, days.size() - 2); i < days.size(); i++)
        {
            final long day = days.get(i);
            for (final Rows.Kind kind : Rows.Kind.values())
            {
                final Path folder = root.resolve(HistoryFiles.dayName(day)).resolve(kind.folder);
                if (!Files.isDirectory(folder))
                {
                    continue;
                }
                for (final String symbol : symbolExponents.keySet())
                {
                    if (Files.exists(HistoryFiles.columnFile(root, day, kind, symbol)))
                    {
                        writer(day, kind, symbol);
                    }
                }
            }
        }
    }

    @Override
    public String roleName()
    {
        return "history-builder";
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (null == tailer)
        {
            // Created on the thread that reads it: Chronicle tailers belong to one thread.
            tailer = queue.createTailer();
            if (resumeIndex >= 0 && !rewind && tailer.moveToIndex(resumeIndex))
            {
                lastIndex = resumeIndex;
                lastSeqRead = resumeSeq;
            }
            else
            {
                tailer.toStart();
            }
            rewind = false;
        }
        if (rewind)
        {
            rewind = false;
            tailer.toStart();
        }
        for (int i = 0; i < EXCERPTS_PER_CYCLE && !rewind; i++)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                work += onExcerpt(dc.wire().bytes());
                lastIndex = dc.index();
                work++;
            }
        }
        final long nowNs = clock.nanoTime();
        if ((!dirty.isEmpty() || unpublished) && (0 == work || nowNs - lastFlushNs >= flushIntervalNs))
        {
            flush();
            lastFlushNs = nowNs;
            work++;
        }
        if (checkpointDue && nowNs - lastCheckpointNs >= CHECKPOINT_INTERVAL_NS)
        {
            checkpoint();
            lastCheckpointNs = nowNs;
        }
        return work;
    }

    private int onExcerpt(final Bytes<?> bytes)
    {
        final int length = (int)bytes.readRemaining();
        if (length > excerptBytes.length)
        {
            excerptBytes = new byte[Math.max(length, excerptBytes.length * 2)];
            excerpt.wrap(excerptBytes);
        }
        bytes.read(excerptBytes, 0, length);
        int position = 0;
        int count = 0;
        while (position < length)
        {
            final int consumed = tickCodec.decode(excerpt, position, length - position, tick);
            if (consumed <= 0)
            {
                corrupt.incrementRelease();
                break;
            }
            position += consumed;
            if (TickType.TIMER != tick.type)
            {
                // A timer repeats the last tick's number and holds no row: the history has nothing to keep of it.
                count++;
                onTick(tick);
            }
        }
        return count;
    }

    private void onTick(final Tick t)
    {
        ticksRead.incrementRelease();
        lastSeqRead = Math.max(lastSeqRead, t.globalSeq);
        unpublished = true;
        checkpointDue = true;
        switch (t.type)
        {
            case TickType.INSTRUMENT:
                defineInstrument(t.instrumentId, t.symbolAsString(), t.priceExponent);
                break;

            case TickType.TRADE:
            {
                final Instrument instrument = instrument(t.instrumentId);
                final ColumnFile.Writer writer = instrument.writer(this, Rows.Kind.TRADES, t.exchangeTimeNs);
                if (writer.append(t.exchangeTimeNs, t.globalSeq, instrument.scale(t.priceMantissa), t.size, 0, 0,
                    t.aggressorSide))
                {
                    rowAdded(writer);
                }
                break;
            }

            case TickType.QUOTE:
            {
                final Instrument instrument = instrument(t.instrumentId);
                final ColumnFile.Writer writer = instrument.writer(this, Rows.Kind.QUOTES, t.exchangeTimeNs);
                if (writer.append(t.exchangeTimeNs, t.globalSeq, instrument.scale(t.bidPriceMantissa), t.bidSize,
                    instrument.scale(t.askPriceMantissa), t.askSize, (byte)0))
                {
                    rowAdded(writer);
                }
                break;
            }

            default:
                break;
        }
    }

    private void rowAdded(final ColumnFile.Writer writer)
    {
        rowsAdded.incrementRelease();
        if (!writer.queued)
        {
            writer.queued = true;
            dirty.add(writer);
        }
    }

    private Instrument instrument(final int instrumentId)
    {
        Instrument instrument = instruments.get(instrumentId);
        if (null == instrument)
        {
            undefined.incrementRelease();
            instrument = defineInstrument(instrumentId, "#" + (instrumentId & 0xFFFF_FFFFL), 0);
        }
        return instrument;
    }

    private Instrument defineInstrument(final int instrumentId, final String symbol, final int exponent)
    {
        Integer stored = symbolExponents.get(symbol);
        if (null == stored)
        {
            stored = exponent;
            symbolExponents.put(symbol, exponent);
            appendSymbol(symbol, exponent);
        }
        final Instrument instrument = new Instrument(symbol, exponent, stored);
        instruments.put(instrumentId, instrument);
        return instrument;
    }

    private void appendSymbol(final String symbol, final int exponent)
    {
        try (Writer out = Files.newBufferedWriter(root.resolve("symbols"), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND))
        {
            out.write(exponent + "," + symbol + "\n");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + root.resolve("symbols"), ex);
        }
    }

    ColumnFile.Writer writer(final long day, final Rows.Kind kind, final String symbol)
    {
        Integer symbolId = symbolIds.get(symbol);
        if (null == symbolId)
        {
            symbolId = symbolIds.size();
            symbolIds.put(symbol, symbolId);
        }
        final long key = (day << 24) ^ ((long)symbolId << 1) ^ kind.ordinal();
        ColumnFile.Writer writer = writersByKey.get(key);
        if (null == writer)
        {
            writer = new ColumnFile.Writer(HistoryFiles.columnFile(root, day, kind, symbol), kind, blockRows, codec,
                scratch);
            writersByKey.put(key, writer);
            if (writer.repaired())
            {
                // Rows after the last intact block are gone: read the journal again; files skip what they have.
                repairs.incrementRelease();
                rewind = true;
            }
            if (writer.dirty())
            {
                writer.queued = true;
                dirty.add(writer);
            }
        }
        return writer;
    }

    private void flush()
    {
        for (int i = 0; i < dirty.size(); i++)
        {
            final ColumnFile.Writer writer = dirty.get(i);
            writer.flush();
            writer.queued = false;
        }
        dirty.clear();
        state.visibleSeq(lastSeqRead);
        visible.setRelease(lastSeqRead);
        unpublished = false;
    }

    private void checkpoint()
    {
        final Properties checkpoint = new Properties();
        checkpoint.setProperty("journalIndex", Long.toString(lastIndex));
        checkpoint.setProperty("globalSeq", Long.toString(lastSeqRead));
        instruments.forEach((id, instrument) ->
            checkpoint.setProperty("instrument." + id, instrument.exponent + "," + instrument.symbol));
        final Path file = root.resolve("checkpoint.properties");
        final Path tmp = root.resolve("checkpoint.properties.tmp");
        try
        {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))
            {
                checkpoint.store(out, "history builder position: rows up to globalSeq are in the column files");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        checkpointDue = false;
    }

    /**
     * @return the highest global sequence read from the journal so far.
     */
    public long lastSeqRead()
    {
        return lastSeqRead;
    }

    /**
     * Stop as a killed process would: no flush, no sealing, no checkpoint; only the lock goes (tests of recovery).
     */
    void abandon()
    {
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        CloseHelper.quietClose(queue);
    }

    @Override
    public void onClose()
    {
        close();
    }

    @Override
    public void close()
    {
        if (!lock.isValid())
        {
            return;
        }
        flush();
        // The checkpoint is only ever behind the files, never ahead, so it is written after them.
        writersByKey.values().forEach(ColumnFile.Writer::close);
        checkpoint();
        CloseHelper.quietClose(tailer);
        CloseHelper.quietClose(queue);
        state.close();
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * An instrument as the builder knows it, with the writers of its current day cached so that a row finds its
     * file without a map lookup.
     */
    private static final class Instrument
    {
        final String symbol;
        final int exponent;
        private final long multiplier;
        private final long divisor;
        private long tradesDay = Long.MIN_VALUE;
        private ColumnFile.Writer trades;
        private long quotesDay = Long.MIN_VALUE;
        private ColumnFile.Writer quotes;

        Instrument(final String symbol, final int exponent, final int storedExponent)
        {
            this.symbol = symbol;
            this.exponent = exponent;
            // A symbol keeps its first exponent; later definitions with another one are rescaled to it.
            final int shift = exponent - storedExponent;
            multiplier = shift > 0 ? pow10(shift) : 1;
            divisor = shift < 0 ? pow10(-shift) : 1;
        }

        long scale(final long mantissa)
        {
            return mantissa * multiplier / divisor;
        }

        ColumnFile.Writer writer(final HistoryBuilder builder, final Rows.Kind kind, final long tsNs)
        {
            final long day = HistoryFiles.day(tsNs);
            if (kind == Rows.Kind.TRADES)
            {
                if (day != tradesDay || null == trades)
                {
                    trades = builder.writer(day, kind, symbol);
                    tradesDay = day;
                }
                return trades;
            }
            if (day != quotesDay || null == quotes)
            {
                quotes = builder.writer(day, kind, symbol);
                quotesDay = day;
            }
            return quotes;
        }

        private static long pow10(final int n)
        {
            long value = 1;
            for (int i = 0; i < Math.min(n, 18); i++)
            {
                value *= 10;
            }
            return value;
        }
    }
}
