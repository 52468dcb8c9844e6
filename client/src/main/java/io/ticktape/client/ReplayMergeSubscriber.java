package io.ticktape.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.ReplayAction;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A late joiner's view of the ticks stream: every tick from a chosen global sequence number on, without a gap or a
 * duplicate, first replayed from the engine's journal and then live (Aeron Archive's replay-merge is the model).
 * <pre>
 *  live ticks stream ---------------------> buffer (from the first live tick seen) --+
 *  ReplayRequest(from) -> engine journal -> replay stream (own session id) ----------+--> dedup by global seq --> you
 * </pre>
 * It subscribes to the live stream first and buffers what arrives, asks the engine (its
 * {@code io.ticktape.replay.ReplayServer}) to replay the journal from the sequence number, and delivers replayed ticks
 * in order. Once the replay reaches the first buffered live tick, it delivers the buffer from there (dropping what
 * the replay already gave), stops the replay and goes on with the live stream alone. Global sequence numbers are
 * dense, so "no gap, no duplicate" is checked exactly: {@link #gaps()} counts any jump.
 * <p>
 * Poll from one thread; the listener gets the same flyweights as {@link TicktapeSubscriber}. The live buffer grows
 * up to a limit while the replay catches up; past it {@link #poll} throws (the journal cannot be read fast enough).
 */
public final class ReplayMergeSubscriber implements AutoCloseable
{
    /** Default cap of the live buffer. */
    public static final int DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024 * 1024;

    /**
     * Where the merge is.
     */
    public enum State
    {
        /** Waiting for the live stream and the engine's control stream to connect. */
        CONNECTING,
        /** Delivering the replay, buffering live. */
        REPLAYING,
        /** Delivering live only. */
        LIVE
    }

    private static final int MIN_TICK_TEMPLATE_ID = 11;
    private static final int MAX_TICK_TEMPLATE_ID = 15;

    private final Aeron aeron;
    private final Subscription live;
    private final Publication control;
    private final ReplayControlProxy controlProxy;
    private Subscription replay;
    private final TicktapeSubscriber subscriber;
    private final int replayStreamId;
    private final int replaySessionId;
    private final long fromSeq;
    private final int maxBufferedBytes;
    private final ExpandableDirectByteBuffer buffered = new ExpandableDirectByteBuffer(64 * 1024);
    private final FragmentHandler onBuffered = (buffer, offset, length, header) -> buffer(buffer, offset, length);
    private final FragmentHandler onReplayed = (buffer, offset, length, header) -> deliver(buffer, offset, length);
    private final FragmentHandler onLive = (buffer, offset, length, header) -> deliver(buffer, offset, length);
    private State state = State.CONNECTING;
    private int bufferedLength;
    private long firstLiveSeq = Long.MIN_VALUE;
    private long nextSeq;
    private long replayed;
    private long gaps;
    private long duplicates;

    /**
     * @param aeron          client, connected to the engine's media driver.
     * @param channel        the engine's channel ({@code aeron:ipc}, or its UDP endpoint).
     * @param liveStreamId   the ticks stream ({@link Streams#TICKS_STREAM_ID}).
     * @param controlStreamId the control stream ({@link Streams#REPLAY_CONTROL_STREAM_ID}).
     * @param replayStreamId the stream to replay on ({@link Streams#REPLAY_STREAM_ID}).
     * @param fromSeq        first global sequence number wanted (1: the whole journal).
     * @param listener       receives every tick from fromSeq on, in order, once.
     */
    public ReplayMergeSubscriber(
        final Aeron aeron,
        final String channel,
        final int liveStreamId,
        final int controlStreamId,
        final int replayStreamId,
        final long fromSeq,
        final TicktapeListener listener)
    {
        this(aeron, channel, liveStreamId, controlStreamId, replayStreamId, fromSeq, listener,
            DEFAULT_MAX_BUFFERED_BYTES);
    }

    /**
     * @param aeron            client, connected to the engine's media driver.
     * @param channel          the engine's channel.
     * @param liveStreamId     the ticks stream.
     * @param controlStreamId  the control stream.
     * @param replayStreamId   the stream to replay on.
     * @param fromSeq          first global sequence number wanted.
     * @param listener         receives every tick from fromSeq on, in order, once.
     * @param maxBufferedBytes cap of the live buffer while the replay catches up.
     */
    public ReplayMergeSubscriber(
        final Aeron aeron,
        final String channel,
        final int liveStreamId,
        final int controlStreamId,
        final int replayStreamId,
        final long fromSeq,
        final TicktapeListener listener,
        final int maxBufferedBytes)
    {
        this.aeron = aeron;
        this.replayStreamId = replayStreamId;
        this.fromSeq = Math.max(1, fromSeq);
        this.nextSeq = this.fromSeq;
        this.maxBufferedBytes = maxBufferedBytes;
        this.subscriber = new TicktapeSubscriber(listener);
        int sessionId;
        do
        {
            sessionId = ThreadLocalRandom.current().nextInt();
        }
        while (0 == sessionId);
        this.replaySessionId = sessionId;
        final ChannelUri uri = ChannelUri.parse(channel);
        uri.put(CommonContext.SESSION_ID_PARAM_NAME, Integer.toString(sessionId));
        this.live = aeron.addSubscription(channel, liveStreamId);
        this.replay = aeron.addSubscription(uri.toString(), replayStreamId);
        this.control = aeron.addPublication(channel, controlStreamId);
        this.controlProxy = new ReplayControlProxy(control);
    }

    /**
     * Do some work: connect and request, or deliver replayed and live ticks.
     *
     * @param fragmentLimit most fragments per stream.
     * @return work done.
     */
    public int poll(final int fragmentLimit)
    {
        switch (state)
        {
            case CONNECTING:
            {
                final int work = live.poll(onBuffered, fragmentLimit);
                if (live.isConnected() && control.isConnected() &&
                    controlProxy.request(aeron.nextCorrelationId(), fromSeq, 0, replayStreamId, replaySessionId) > 0)
                {
                    state = State.REPLAYING;
                    return work + 1;
                }
                return work;
            }

            case REPLAYING:
            {
                int work = live.poll(onBuffered, fragmentLimit);
                work += replay.poll(onReplayed, fragmentLimit);
                if (firstLiveSeq != Long.MIN_VALUE && nextSeq >= firstLiveSeq)
                {
                    merge();
                    work++;
                }
                return work;
            }

            default:
                return live.poll(onLive, fragmentLimit);
        }
    }

    private void merge()
    {
        int position = 0;
        while (position < bufferedLength)
        {
            final int length = buffered.getInt(position, ByteOrder.LITTLE_ENDIAN);
            deliver(buffered, position + Integer.BYTES, length);
            position += Integer.BYTES + length;
        }
        bufferedLength = 0;
        state = State.LIVE;
        // The replay is no longer needed: stop it (best effort; the engine also ends it once this goes away).
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (controlProxy.control(aeron.nextCorrelationId(), replaySessionId, ReplayAction.STOP, 0, 0) > 0)
            {
                break;
            }
        }
        CloseHelper.close(replay);
        replay = null;
    }

    private void buffer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long seq = seq(buffer, offset, length);
        if (seq != Long.MIN_VALUE && firstLiveSeq == Long.MIN_VALUE)
        {
            firstLiveSeq = seq;
        }
        if (bufferedLength + Integer.BYTES + length > maxBufferedBytes)
        {
            throw new IllegalStateException("replay-merge: more than " + maxBufferedBytes + " bytes of live ticks " +
                "buffered before the replay caught up (replayed up to seq " + (nextSeq - 1) + ", live from " +
                firstLiveSeq + ")");
        }
        buffered.putInt(bufferedLength, length, ByteOrder.LITTLE_ENDIAN);
        buffered.putBytes(bufferedLength + Integer.BYTES, buffer, offset, length);
        bufferedLength += Integer.BYTES + length;
    }

    private void deliver(final DirectBuffer buffer, final int offset, final int length)
    {
        final long seq = seq(buffer, offset, length);
        if (seq != Long.MIN_VALUE)
        {
            if (seq < nextSeq)
            {
                duplicates++;
                return;
            }
            if (seq > nextSeq)
            {
                gaps++;
            }
            nextSeq = seq + 1;
            if (state == State.REPLAYING)
            {
                replayed++;
            }
        }
        subscriber.onMessage(buffer, offset, length);
    }

    private static long seq(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES)
        {
            return Long.MIN_VALUE;
        }
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || templateId < MIN_TICK_TEMPLATE_ID ||
            templateId > MAX_TICK_TEMPLATE_ID)
        {
            return Long.MIN_VALUE;
        }
        // The envelope comes first in every tick message; its global sequence first in the envelope.
        return buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return where the merge is.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return true once switched to the live stream.
     */
    public boolean isLive()
    {
        return state == State.LIVE;
    }

    /**
     * @return the global sequence number expected next.
     */
    public long nextSeq()
    {
        return nextSeq;
    }

    /**
     * @return ticks delivered from the replay.
     */
    public long replayed()
    {
        return replayed;
    }

    /**
     * @return jumps in the global sequence delivered (0 when the merge is right).
     */
    public long gaps()
    {
        return gaps;
    }

    /**
     * @return ticks dropped as already delivered.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @return session id of this subscriber's replay (its replay id in controls).
     */
    public int replaySessionId()
    {
        return replaySessionId;
    }

    @Override
    public void close()
    {
        if (null != replay)
        {
            controlProxy.control(aeron.nextCorrelationId(), replaySessionId, ReplayAction.STOP, 0, 0);
        }
        CloseHelper.closeAll(replay, live, control);
    }
}
