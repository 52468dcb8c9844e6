package io.ticktape.engine;

import com.lmax.disruptor.EventHandler;
import io.ticktape.client.PublicationProxy;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ring consumer that publishes every sequenced tick on the ticks stream, as the same SBE messages the
 * journal holds. Allocation free.
 */
final class TickPublisher implements EventHandler<Tick>
{
    private final TickCodec codec = new TickCodec();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
    private final PublicationProxy proxy;
    private final NanoClock clock;

    TickPublisher(final PublicationProxy proxy, final NanoClock clock)
    {
        this.proxy = proxy;
        this.clock = clock;
    }

    @Override
    public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
    {
        final int length = codec.encode(tick, clock.nanoTime(), scratch, 0);
        if (length > 0)
        {
            proxy.offer(scratch, 0, length);
        }
    }
}
