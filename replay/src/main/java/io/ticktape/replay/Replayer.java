package io.ticktape.replay;

import io.aeron.ExclusivePublication;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.ReplayState;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.store.JournalSeek;
import io.ticktape.store.TickJournal;
import io.ticktape.store.TickMessages;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays the journal onto an Aeron publication as the same SBE tick messages the engine publishes live (only the
 * envelope's {@code emittedNs}, a wall-clock stage stamp, is set anew), optionally through an analytics kernel whose
 * outputs follow each tick on the same stream.
 * <pre>
 *  journal (Chronicle Queue) --excerpt of up to 64 ticks--> filter (range, symbols) --> pace --> [frame block]
 *                                                              \--> kernel --outputs--/         offerBlock --> Aeron
 * </pre>
 * Pacing follows the recorded exchange times: a tick is published when the wall clock has advanced as far since the
 * pace was anchored as its exchange time has, divided by the speed. Waits longer than {@link #PARK_THRESHOLD_NS} park
 * the thread (for at most a millisecond, so controls stay responsive), shorter ones yield: nothing busy-spins.
 * <p>
 * A start after the journal's beginning is found by {@link JournalSeek} (binary search), except that instrument
 * definitions before it are published first (see {@link ReplayOptions#definitions}) and a kernel is warmed up on every
 * earlier tick with its outputs held back, so that its state, and so its outputs, are the live ones. Both need the
 * journal read from its start.
 * <p>
 * Timers journaled by the live feed thread go to the kernel in their place and are never published themselves.
 * <p>
 * An excerpt that ends inside a tick (a torn write at a crash) is counted in {@link #corruptExcerpts()}, logged once,
 * and the replay carries on with the next excerpt. An {@link Agent}: one thread calls {@link #doWork()} and the
 * control methods.
 */
public final class Replayer implements Agent, AutoCloseable
{
    /** Pacing waits longer than this park the thread; shorter ones yield. */
    public static final long PARK_THRESHOLD_NS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MESSAGES_PER_DUTY_CYCLE = 16_384;
    /** Room kept free in the block before a tick goes through the kernel: all the outputs one tick can cause. */
    private static final int KERNEL_HEADROOM_BYTES = 32 * 1024;
    private static final int INSTRUMENT_ID_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH + 42;
    private static final Logger LOG = System.getLogger(Replayer.class.getName());

    private final ChronicleQueue queue;
    private final ReplayOptions options;
    private final FrameBlockPublisher publisher;
    private final NanoClock clock;
    private final ExcerptTailer tailer;
    private final JournalSeek seek;
    private final TickCodec codec = new TickCodec();
    private final Tick tick = new Tick();
    private final IntHashSet selected = new IntHashSet();
    private final Set<String> definedSymbols = new HashSet<>();
    private byte[] excerptBytes = new byte[TickJournal.MAX_BATCH * TickCodec.MAX_ENCODED_LENGTH];
    private final UnsafeBuffer excerpt = new UnsafeBuffer(excerptBytes);
    private final UnsafeBuffer mapped = new UnsafeBuffer(0, 0);
    private int excerptLength;
    private int excerptPosition;
    private long excerptIndex;

    private AnalyticsKernel kernel;
    private ReplayPoint from;
    private final ReplayPoint to;
    private boolean started;
    private ReplayState state = ReplayState.RUNNING;
    private boolean paused;
    private boolean finishing;
    private long stepCredits;
    private double speed;
    private boolean anchored;
    private long anchorWallNs;
    private long anchorDataNs;
    private long nowNs;

    private long ticks;
    private long lastSeq;
    private long lastTimeNs;
    private long corruptExcerpts;
    private boolean corruptLogged;

    /**
     * @param queue       the journal, open for reading; closed with the replayer.
     * @param options     what to replay and how.
     * @param publication where to publish; the caller closes it.
     * @param clock       for pacing and the envelopes' emittedNs.
     */
    public Replayer(
        final ChronicleQueue queue, final ReplayOptions options, final ExclusivePublication publication,
        final NanoClock clock)
    {
        this.queue = queue;
        this.options = options;
        this.publisher = new FrameBlockPublisher(publication, FrameBlockPublisher.DEFAULT_BLOCK_BYTES);
        this.clock = clock;
        this.tailer = queue.createTailer();
        this.seek = new JournalSeek(queue);
        this.to = options.to();
        this.speed = options.speed();
        position(options.from());
    }

    @Override
    public String roleName()
    {
        return "replay-" + options.replayId();
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = 0;
        if (!publisher.isEmpty())
        {
            if (publisher.flush() < 0)
            {
                return 0;
            }
            work++;
        }
        if (finishing)
        {
            finish();
            return work + 1;
        }
        if (state == ReplayState.DONE || (paused && 0 == stepCredits))
        {
            return work;
        }

        boolean following = false;
        int budget = MESSAGES_PER_DUTY_CYCLE;
        while (budget > 0 && !finishing)
        {
            if (excerptPosition >= excerptLength && !nextExcerpt())
            {
                if (options.follow())
                {
                    following = true;
                }
                else
                {
                    finishing = true;
                }
                break;
            }
            if (started && !paused && speed == ReplaySpeed.MAX && null == kernel && null == options.symbols())
            {
                final int count = publishRun(budget);
                work += count;
                budget -= count;
                // Stopped inside the excerpt: the block is full. Send it and go on, unless the subscriber is behind.
                if (excerptPosition < excerptLength && !finishing && publisher.flush() < 0)
                {
                    break;
                }
            }
            else
            {
                if (!onMessage())
                {
                    break;
                }
                work++;
                budget--;
                if (paused && 0 == stepCredits)
                {
                    break;
                }
            }
        }
        if (!finishing)
        {
            state = paused ? ReplayState.PAUSED : following ? ReplayState.FOLLOWING : ReplayState.RUNNING;
        }
        if (!publisher.isEmpty())
        {
            publisher.flush();
        }
        return work;
    }

    /**
     * Handle the message at the excerpt position.
     *
     * @return false to stop for now (pacing, a full block, the end of the range).
     */
    private boolean onMessage()
    {
        final int offset = excerptPosition;
        final int length = TickMessages.length(excerpt, offset, excerptLength - offset);
        if (length <= 0)
        {
            onCorruptExcerpt(offset);
            excerptPosition = excerptLength;
            return true;
        }
        final long seq = TickMessages.globalSeq(excerpt, offset);
        final long timeNs = TickMessages.exchangeTimeNs(excerpt, offset);
        final int templateId = TickMessages.templateId(excerpt, offset);

        if (!started && null != from)
        {
            started = from.bySeq() ? seq >= from.value() : timeNs != TickMessages.NO_TIME && timeNs >= from.value();
        }
        else
        {
            started = true;
        }

        if (!started)
        {
            // Before the start: only keep what the state at the start depends on.
            if (templateId == InstrumentTickDecoder.TEMPLATE_ID)
            {
                learnDefinition(offset, length);
                if (options.definitions() && isSelected(offset))
                {
                    if (publisher.freeBytes() < length + 64)
                    {
                        return false;
                    }
                    publishTick(offset, length);
                }
            }
            if (null != kernel)
            {
                codec.decode(excerpt, offset, length, tick);
                kernel.onTick(tick);
            }
            excerptPosition += length;
            return true;
        }

        if (isPastEnd(seq, timeNs))
        {
            finishing = true;
            return false;
        }

        if (TickMessages.isTimer(excerpt, offset))
        {
            return onTimer(offset, length);
        }

        if (speed != ReplaySpeed.MAX && timeNs != TickMessages.NO_TIME && !pace(timeNs))
        {
            return false;
        }
        if (publisher.freeBytes() < (null != kernel ? KERNEL_HEADROOM_BYTES : length + 64))
        {
            return false;
        }

        if (templateId == InstrumentTickDecoder.TEMPLATE_ID)
        {
            learnDefinition(offset, length);
        }
        final boolean selectedTick = isSelected(offset);
        if (selectedTick)
        {
            publishTick(offset, length);
            ticks++;
            lastSeq = seq;
            if (timeNs != TickMessages.NO_TIME)
            {
                lastTimeNs = timeNs;
            }
            if (stepCredits > 0)
            {
                stepCredits--;
            }
        }
        if (null != kernel)
        {
            codec.decode(excerpt, offset, length, tick);
            kernel.onTick(tick);
        }
        excerptPosition += length;
        if (isLastAskedFor(seq))
        {
            finishing = true;
            return false;
        }
        return true;
    }

    /**
     * The common case, a max-speed replay of every instrument without a kernel, once started: each message of the
     * excerpt goes straight into the block, with only the checks that case needs. The same outcome as
     * {@link #onMessage()} message by message.
     *
     * @param budget most messages to take.
     * @return messages taken (published, or timers passed over).
     */
    private int publishRun(final int budget)
    {
        final UnsafeBuffer excerpt = this.excerpt;
        final UnsafeBuffer block = publisher.block();
        final int end = excerptLength;
        final long nowNs = this.nowNs;
        int position = excerptPosition;
        int count = 0;
        long published = 0;
        long lastSeq = this.lastSeq;
        long lastTimeNs = this.lastTimeNs;
        while (position < end && count < budget)
        {
            final int length = TickMessages.length(excerpt, position, end - position);
            if (length <= 0)
            {
                onCorruptExcerpt(position);
                position = end;
                break;
            }
            final long seq = TickMessages.globalSeq(excerpt, position);
            final long timeNs = TickMessages.exchangeTimeNs(excerpt, position);
            if (isPastEnd(seq, timeNs))
            {
                finishing = true;
                break;
            }
            if (!TickMessages.isTimer(excerpt, position))
            {
                final int at = publisher.append(excerpt, position, length);
                if (at < 0)
                {
                    break;
                }
                block.putLong(at + TickMessages.emittedNsOffset(), nowNs, ByteOrder.LITTLE_ENDIAN);
                published++;
                lastSeq = seq;
                if (timeNs != TickMessages.NO_TIME)
                {
                    lastTimeNs = timeNs;
                }
                if (isLastAskedFor(seq))
                {
                    position += length;
                    count++;
                    finishing = true;
                    break;
                }
            }
            position += length;
            count++;
        }
        excerptPosition = position;
        ticks += published;
        this.lastSeq = lastSeq;
        this.lastTimeNs = lastTimeNs;
        return count;
    }

    /**
     * @return true if a message with this sequence and time lies after {@code --to}: the range is done.
     */
    private boolean isPastEnd(final long seq, final long timeNs)
    {
        return null != to && (to.bySeq() ? seq > to.value() : timeNs != TickMessages.NO_TIME && timeNs > to.value());
    }

    /**
     * @return true if {@code --to} is this very sequence number (or an earlier one): no need to wait for the next
     * message to know the range is done, which matters for a journal still being written.
     */
    private boolean isLastAskedFor(final long seq)
    {
        return null != to && to.bySeq() && seq >= to.value();
    }

    /**
     * A journaled timer: never published (it repeats the last tick's global sequence number, by which subscribers
     * and replay-merge tell ticks apart, and the live ticks stream never carries one), but fed to the kernel in its
     * place, so that bars close and staleness is reported at the same point of the stream as live.
     */
    private boolean onTimer(final int offset, final int length)
    {
        if (null != kernel)
        {
            if (publisher.freeBytes() < KERNEL_HEADROOM_BYTES)
            {
                return false;
            }
            codec.decode(excerpt, offset, length, tick);
            kernel.onTick(tick);
        }
        excerptPosition += length;
        return true;
    }

    private boolean pace(final long timeNs)
    {
        if (paused || !anchored)
        {
            // Stepping is not paced; after a pause, speed change or seek the pace restarts from this tick.
            anchored = !paused;
            anchorWallNs = nowNs;
            anchorDataNs = timeNs;
            return true;
        }
        final long dueNs = anchorWallNs + (long)((timeNs - anchorDataNs) / speed);
        final long waitNs = dueNs - nowNs;
        if (waitNs <= 0)
        {
            return true;
        }
        // Send what is ready before sleeping: a paced replay must not hold ticks back in the block.
        if (!publisher.isEmpty())
        {
            publisher.flush();
        }
        if (waitNs > PARK_THRESHOLD_NS)
        {
            LockSupport.parkNanos(Math.min(waitNs, MAX_PARK_NS));
        }
        else
        {
            Thread.yield();
        }
        nowNs = clock.nanoTime();
        return nowNs - dueNs >= 0;
    }

    private void publishTick(final int offset, final int length)
    {
        final int at = publisher.append(excerpt, offset, length);
        publisher.block().putLong(at + TickMessages.emittedNsOffset(), nowNs, ByteOrder.LITTLE_ENDIAN);
    }

    private void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!started)
        {
            return; // warming up: the state matters, not these outputs
        }
        if (null != options.symbols() && length >= INSTRUMENT_ID_OFFSET + 4 &&
            !selected.contains(buffer.getInt(offset + INSTRUMENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN)))
        {
            return;
        }
        while (publisher.append(buffer, offset, length) < 0)
        {
            // More outputs from one tick than the headroom allows for: rare, so wait for the block to drain.
            if (publisher.flush() < 0)
            {
                Thread.yield();
            }
        }
    }

    private boolean isSelected(final int offset)
    {
        if (null == options.symbols())
        {
            return true;
        }
        final int instrumentId = TickMessages.instrumentId(excerpt, offset);
        return instrumentId < 0 || selected.contains(instrumentId);
    }

    private void learnDefinition(final int offset, final int length)
    {
        if (null == options.symbols())
        {
            return;
        }
        // Control path: a definition allocates its symbol string.
        codec.decode(excerpt, offset, length, tick);
        final String symbol = tick.symbolAsString();
        definedSymbols.add(symbol);
        if (options.symbols().contains(symbol))
        {
            selected.add(tick.instrumentId);
        }
        else
        {
            selected.remove(tick.instrumentId);
        }
    }

    private boolean nextExcerpt()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            if (length > excerptBytes.length)
            {
                excerptBytes = new byte[length];
                excerpt.wrap(excerptBytes);
            }
            if (bytes.isDirectMemory())
            {
                // One memory copy out of the mapped file: Bytes.read(byte[]) is several times slower, and the copy
                // lets a paused or paced replay hold its place in an excerpt across duty cycles.
                mapped.wrap(bytes.addressForRead(bytes.readPosition()), length);
                excerpt.putBytes(0, mapped, 0, length);
            }
            else
            {
                bytes.read(excerptBytes, 0, length);
            }
            excerptIndex = dc.index();
            excerptLength = length;
            excerptPosition = 0;
            return true;
        }
    }

    private void onCorruptExcerpt(final int offset)
    {
        corruptExcerpts++;
        if (!corruptLogged)
        {
            corruptLogged = true;
            LOG.log(Level.WARNING, "journal excerpt {0} ends inside a tick at byte {1} of {2} (a torn write at a " +
                "crash?): replayed its whole ticks, skipped the rest, carrying on", Long.toHexString(excerptIndex),
                offset, excerptLength);
        }
    }

    private void finish()
    {
        if (null != kernel && started && state != ReplayState.DONE)
        {
            // As the live kernel does at shutdown: the bars still open, as in-progress snapshots.
            kernel.publishOpenBars();
            kernel = null;
        }
        if (publisher.isEmpty() || publisher.flush() > 0)
        {
            if (publisher.isEmpty())
            {
                finishing = false;
                state = ReplayState.DONE;
            }
        }
    }

    private void position(final ReplayPoint point)
    {
        from = point;
        started = false;
        anchored = false;
        finishing = false;
        excerptLength = 0;
        excerptPosition = 0;
        publisher.clear();
        final KernelFactory factory = options.analytics();
        kernel = null == factory ? null : factory.newKernel(this::onAnalytics, clock, new Counters());
        final boolean fromStart = null == point || null != kernel || options.definitions();
        if (fromStart)
        {
            tailer.toStart();
            return;
        }
        final long index = point.bySeq() ? seek.indexForSeq(point.value()) : seek.indexForTime(point.value());
        if (JournalSeek.NO_INDEX == index || !tailer.moveToIndex(index))
        {
            tailer.toStart();
        }
    }

    /**
     * Stop publishing until {@link #resume()}; {@link #step(long)} publishes a few ticks meanwhile.
     */
    public void pause()
    {
        paused = true;
        anchored = false;
        state = state == ReplayState.DONE ? state : ReplayState.PAUSED;
    }

    /**
     * Carry on at the current speed, paced from the next tick.
     */
    public void resume()
    {
        paused = false;
        stepCredits = 0;
        anchored = false;
        if (state == ReplayState.PAUSED)
        {
            state = ReplayState.RUNNING;
        }
    }

    /**
     * While paused, publish this many more ticks (unpaced), then stay paused.
     *
     * @param count ticks.
     */
    public void step(final long count)
    {
        if (!paused)
        {
            pause();
        }
        stepCredits += Math.max(0, count);
    }

    /**
     * @param factor new speed, {@link ReplaySpeed#MAX} for none; pacing restarts from the next tick.
     */
    public void speed(final double factor)
    {
        if (factor < 0 || !Double.isFinite(factor))
        {
            throw new IllegalArgumentException("bad speed " + factor);
        }
        speed = factor;
        anchored = false;
    }

    /**
     * Go to another point of the journal, forwards or backwards; a replay that was done starts again. With a kernel,
     * its state is rebuilt from the start of the journal.
     *
     * @param point where to continue.
     */
    public void seek(final ReplayPoint point)
    {
        position(point);
        if (state == ReplayState.DONE || state == ReplayState.FOLLOWING)
        {
            state = paused ? ReplayState.PAUSED : ReplayState.RUNNING;
        }
    }

    /**
     * End the replay now (Ctrl-C, a STOP control): what is in the block is dropped.
     */
    public void stop()
    {
        publisher.clear();
        finishing = false;
        kernel = null;
        state = ReplayState.DONE;
    }

    /**
     * @return RUNNING, PAUSED, FOLLOWING (at the journal's end, waiting for more) or DONE.
     */
    public ReplayState state()
    {
        return state;
    }

    /**
     * @return true once the range is replayed (or stopped) and everything published.
     */
    public boolean isDone()
    {
        return state == ReplayState.DONE;
    }

    /**
     * @return ticks published.
     */
    public long ticks()
    {
        return ticks;
    }

    /**
     * @return messages published, ticks and kernel outputs (and definitions before the start).
     */
    public long messages()
    {
        return publisher.published();
    }

    /**
     * @return global sequence of the last tick published, 0 before the first.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return exchange time of the last timed tick published, 0 before the first.
     */
    public long lastTimeNs()
    {
        return lastTimeNs;
    }

    /**
     * @return journal excerpts that ended inside a tick.
     */
    public long corruptExcerpts()
    {
        return corruptExcerpts;
    }

    /**
     * @return the current speed.
     */
    public double speed()
    {
        return speed;
    }

    /**
     * @return true if the replay has published since its start point.
     */
    public boolean started()
    {
        return started;
    }

    /**
     * @return symbols asked for that no definition in the replayed part of the journal named.
     */
    public Set<String> undefinedSymbols()
    {
        final Set<String> missing = new HashSet<>();
        if (null != options.symbols())
        {
            missing.addAll(options.symbols());
            missing.removeAll(definedSymbols);
        }
        return missing;
    }

    /**
     * @return the options.
     */
    public ReplayOptions options()
    {
        return options;
    }

    /**
     * @return whether the publication has a subscriber.
     */
    public boolean isConnected()
    {
        return publisher.publication().isConnected();
    }

    @Override
    public void onClose()
    {
        close();
    }

    @Override
    public void close()
    {
        seek.close();
        tailer.close();
        queue.close();
    }
}
