package io.ticktape.sequencer.arbitration;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@link LineArbitrator} per channel in front of a format's decoder: every line of every channel of a feed
 * goes through here, and only arbitrated packets, in order, reach the decoder. Packets whose format has no line
 * sequence go straight through.
 */
public final class ArbitratingDecoder implements PacketDecoder
{
    private final PacketDecoder decoder;
    private final ArbitrationConfig config;
    private final ChannelListener listener;
    private final Counters counters;
    private final Int2ObjectHashMap<LineArbitrator> arbitrators = new Int2ObjectHashMap<>();
    private final List<LineArbitrator> all = new ArrayList<>();
    private LineArbitrator[] timerOrder = new LineArbitrator[0];

    /**
     * @param decoder  the format's decoder.
     * @param config   window and staleness settings.
     * @param listener told of gaps, resets and silent channels (the sequencer).
     * @param counters where each channel's arbitration counters live.
     */
    public ArbitratingDecoder(
        final PacketDecoder decoder,
        final ArbitrationConfig config,
        final ChannelListener listener,
        final Counters counters)
    {
        this.decoder = decoder;
        this.config = config;
        this.listener = listener;
        this.counters = counters;
    }

    @Override
    public int onPacket(
        final DirectBuffer buffer, final int offset, final int length, final long receiveNs, final int channelId)
    {
        final long lineSeq = decoder.lineSeq(buffer, offset, length);
        if (lineSeq < 0)
        {
            return decoder.onPacket(buffer, offset, length, receiveNs, channelId);
        }
        final int channel = decoder.channelId(buffer, offset, length, channelId);
        arbitrator(channel).onPacket(buffer, offset, length, lineSeq, receiveNs, decoder);
        return 1;
    }

    /**
     * Let time pass for every channel: expire reorder windows, notice silence. Once per feed duty cycle.
     *
     * @param nowNs the feed thread's clock.
     * @return work done.
     */
    public int onTimer(final long nowNs)
    {
        int work = 0;
        for (final LineArbitrator arbitrator : timerOrder)
        {
            work += arbitrator.onTimer(nowNs, decoder);
        }
        return work;
    }

    /**
     * Every line of the feed has ended: pass on what waits, declaring the holes before it.
     *
     * @param nowNs the feed thread's clock.
     * @return packets passed on.
     */
    public int onEndOfStream(final long nowNs)
    {
        int work = 0;
        for (final LineArbitrator arbitrator : timerOrder)
        {
            work += arbitrator.onEndOfStream(nowNs, decoder);
        }
        return work;
    }

    private LineArbitrator arbitrator(final int channelId)
    {
        LineArbitrator arbitrator = arbitrators.get(channelId);
        if (null == arbitrator)
        {
            // First packet of a channel: a control-path allocation, once.
            arbitrator = new LineArbitrator(channelId, config.windowPackets(), config.windowNs(), config.staleNs(),
                config.maxPacketLength(), listener, counters);
            arbitrators.put(channelId, arbitrator);
            all.add(arbitrator);
            timerOrder = all.toArray(new LineArbitrator[0]);
        }
        return arbitrator;
    }
}
