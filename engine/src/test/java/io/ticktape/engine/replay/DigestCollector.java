package io.ticktape.engine.replay;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.TimerTickDecoder;
import io.ticktape.store.TickMessages;
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
 * (templates 11-15) are counted apart and left out of the digest; a timer (template 16) is counted too, and goes
 * into the digest, since none may ever be published. Closed bars are noted (causing sequence, interval end) so that a
 * test can tell which ones a timer closed.
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
    private volatile long timerTicks;
    private volatile long maxTickTimeNs;
    private volatile long maxClosedBarEndNs;
    private final BarDecoder bar = new BarDecoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    /** Per closed bar: its causing global sequence and the end of its interval (exchange time), one pair each. */
    final LongArrayList closedBars = new LongArrayList();

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
            final long timeNs = TickMessages.exchangeTimeNs(buffer, offset);
            if (timeNs != TickMessages.NO_TIME && timeNs > maxTickTimeNs)
            {
                maxTickTimeNs = timeNs;
            }
            ticks = ticks + 1;
            return;
        }
        if (templateId == TimerTickDecoder.TEMPLATE_ID)
        {
            timerTicks = timerTicks + 1;
        }
        if (templateId == BarDecoder.TEMPLATE_ID)
        {
            bar.wrapAndApplyHeader(buffer, offset, headerDecoder);
            if (bar.closed() == BooleanType.TRUE)
            {
                final long endNs = bar.openTimeNs() + bar.intervalNs();
                closedBars.addLong(bar.envelope().globalSeq());
                closedBars.addLong(endNs);
                if (endNs > maxClosedBarEndNs)
                {
                    maxClosedBarEndNs = endNs;
                }
            }
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

    long timerTicks()
    {
        return timerTicks;
    }

    /**
     * @return latest exchange time of a trade or quote received (ticks stream), 0 before the first.
     */
    long maxTickTimeNs()
    {
        return maxTickTimeNs;
    }

    /**
     * @return latest interval end of a closed bar received, 0 before the first.
     */
    long maxClosedBarEndNs()
    {
        return maxClosedBarEndNs;
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
