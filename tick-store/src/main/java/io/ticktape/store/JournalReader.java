package io.ticktape.store;

import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Consumer;

/**
 * Reads journaled ticks back in global sequence order. An excerpt that does not decode cleanly (a torn write after
 * a crash) stops at the last whole tick in it and is counted in {@link #corruptExcerpts()}.
 * <p>
 * The journal also holds the feed thread's timers ({@link TickType#TIMER}, no global sequence number of their own):
 * {@link #readAll(Consumer)} leaves them out, {@link #readAll(Consumer, boolean)} can deliver them in their place.
 */
public final class JournalReader implements AutoCloseable
{
    private final ChronicleQueue queue;
    private final TickCodec codec = new TickCodec();
    private final Tick tick = new Tick();
    private byte[] bytes = new byte[TickJournal.MAX_BATCH * TickCodec.MAX_ENCODED_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private long corruptExcerpts;

    /**
     * @param queue the journal; closed with this reader.
     */
    public JournalReader(final ChronicleQueue queue)
    {
        this.queue = queue;
    }

    /**
     * Deliver every journaled tick from the start, timers left out.
     *
     * @param consumer receives each tick; the tick object is reused.
     * @return number of ticks delivered.
     */
    public long readAll(final Consumer<Tick> consumer)
    {
        return readAll(consumer, false);
    }

    /**
     * Deliver every journaled tick from the start, and the timers among them if asked.
     *
     * @param consumer receives each tick; the tick object is reused.
     * @param timers   true to deliver {@link TickType#TIMER} ticks too.
     * @return number of ticks delivered, timers included if delivered.
     */
    public long readAll(final Consumer<Tick> consumer, final boolean timers)
    {
        long count = 0;
        final ExcerptTailer tailer = queue.createTailer();
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                count += deliver(dc.wire().bytes(), consumer, timers);
            }
        }
        tailer.close();
        return count;
    }

    /**
     * The global sequence number of the last journaled tick, so a restarted engine continues after it.
     *
     * @return the last global sequence, or 0 for an empty journal.
     */
    public long lastGlobalSeq()
    {
        final long[] last = { 0 };
        final long corruptBefore = corruptExcerpts;
        final ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
        // Walk back past excerpts with no whole tick (a torn write at a crash), or sequence numbers would repeat.
        while (last[0] == 0)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                deliver(dc.wire().bytes(), t -> last[0] = t.globalSeq, false);
            }
        }
        tailer.close();
        corruptExcerpts = corruptBefore;
        return last[0];
    }

    /**
     * @return excerpts that ended inside a tick.
     */
    public long corruptExcerpts()
    {
        return corruptExcerpts;
    }

    private int deliver(final Bytes<?> excerpt, final Consumer<Tick> consumer, final boolean timers)
    {
        final int length = (int)excerpt.readRemaining();
        if (length > bytes.length)
        {
            bytes = new byte[length];
            buffer.wrap(bytes);
        }
        excerpt.read(bytes, 0, length);
        int position = 0;
        int count = 0;
        while (position < length)
        {
            final int consumed = codec.decode(buffer, position, length - position, tick);
            if (consumed <= 0)
            {
                corruptExcerpts++;
                break;
            }
            position += consumed;
            if (timers || TickType.TIMER != tick.type)
            {
                count++;
                consumer.accept(tick);
            }
        }
        return count;
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
