package io.ticktape.feed.mdp3;

import io.ticktape.feed.mdp3.Captures.Datagram;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A decoder with its counters and a recording handler, and the helpers tests share.
 */
final class Decoding
{
    static final String PREFIX = "feed.cme";

    final Counters counters = new Counters();
    final RecordingHandler handler;
    final Mdp3PacketDecoder decoder;

    Decoding()
    {
        this(new RecordingHandler());
    }

    Decoding(final RecordingHandler handler)
    {
        this.handler = handler;
        decoder = new Mdp3PacketDecoder(handler, counters, PREFIX, false);
    }

    int decode(final byte[] packet)
    {
        return decoder.onPacket(new UnsafeBuffer(packet), 0, packet.length, 0, 1);
    }

    Decoding decodeAll(final List<Datagram> datagrams)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        for (final Datagram datagram : datagrams)
        {
            buffer.wrap(datagram.payload());
            decoder.onPacket(buffer, 0, datagram.payload().length, datagram.timeNs(), 1);
        }
        return this;
    }

    long counter(final String name)
    {
        return counters.value(PREFIX + "." + name);
    }

    /**
     * @return every malformed.* counter that is not zero, by name.
     */
    Map<String, Long> malformed()
    {
        final Map<String, Long> nonZero = new TreeMap<>();
        counters.snapshot().forEach((label, value) ->
        {
            if (label.startsWith(PREFIX + ".malformed.") && value != 0)
            {
                nonZero.put(label, value);
            }
        });
        return nonZero;
    }

    /**
     * @return the templates.* counters, by template id.
     */
    Map<Integer, Long> templates()
    {
        final Map<Integer, Long> templates = new TreeMap<>();
        counters.snapshot().forEach((label, value) ->
        {
            if (label.startsWith(PREFIX + ".templates."))
            {
                templates.put(Integer.parseInt(label.substring((PREFIX + ".templates.").length())), value);
            }
        });
        return templates;
    }

    /**
     * The fields of a tick that its type uses, for comparing ticks.
     */
    static String describe(final Tick tick)
    {
        switch (tick.type)
        {
            case TickType.TRADE:
                return "trade line=" + tick.lineSeq + " id=" + tick.instrumentId + " t=" + tick.exchangeTimeNs +
                    " px=" + tick.priceMantissa + " sz=" + tick.size + " side=" + tick.aggressorSide +
                    " tradeId=" + tick.tradeId;
            case TickType.QUOTE:
                return "quote line=" + tick.lineSeq + " id=" + tick.instrumentId + " t=" + tick.exchangeTimeNs +
                    " bid=" + tick.bidPriceMantissa + "x" + tick.bidSize + " ask=" + tick.askPriceMantissa + "x" +
                    tick.askSize;
            case TickType.INSTRUMENT:
                return "instrument line=" + tick.lineSeq + " id=" + tick.instrumentId + " t=" + tick.exchangeTimeNs +
                    " symbol=" + tick.symbolAsString() + " exp=" + tick.priceExponent + " tick=" +
                    tick.tickSizeMantissa;
            default:
                return "none";
        }
    }
}
