package io.ticktape.engine.replay;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A real Aeron subscriber that digests every analytics output it receives, in order: SHA-256 over each message's
 * bytes (header, envelope with its global sequence number, every field), except the envelope's {@code emittedNs},
 * which is the wall-clock time the kernel encoded the message and so differs between any two runs. Tick messages
 * (templates 11-15) are counted apart and left out of the digest.
 */
final class DigestCollector implements FragmentHandler
{
    /** emittedNs: after the message header, the envelope's sixth field (globalSeq 8, channelId 2, lineSeq 8, ...). */
    static final int EMITTED_NS_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH + 34;
    private static final int MIN_TICK_TEMPLATE = 11;
    private static final int MAX_TICK_TEMPLATE = 15;

    private final MessageDigest digest;
    private final byte[] scratch = new byte[64 * 1024];
    /** Per message: template id in the high 16 bits, global sequence in the rest; to locate a first difference. */
    final LongArrayList outputs = new LongArrayList();
    private volatile long analytics;
    private volatile long ticks;
    private volatile boolean stopped;

    DigestCollector()
    {
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    void pollUntilStopped(final Subscription subscription)
    {
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (!stopped)
        {
            idle.idle(subscription.poll(this, 1024));
        }
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (templateId >= MIN_TICK_TEMPLATE && templateId <= MAX_TICK_TEMPLATE)
        {
            ticks = ticks + 1;
            return;
        }
        buffer.getBytes(offset, scratch, 0, length);
        for (int i = 0; i < Long.BYTES; i++)
        {
            scratch[EMITTED_NS_OFFSET + i] = 0;
        }
        digest.update((byte)(length >>> 8));
        digest.update((byte)length);
        digest.update(scratch, 0, length);
        final long seq = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN);
        outputs.addLong(((long)templateId << 48) | seq);
        analytics = analytics + 1;
    }

    long analytics()
    {
        return analytics;
    }

    long ticks()
    {
        return ticks;
    }

    void stop()
    {
        stopped = true;
    }

    String hex()
    {
        return HexFormat.of().formatHex(digest.digest());
    }
}
