package io.ticktape.engine;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

import java.util.ArrayList;
import java.util.List;

/**
 * One feed of the engine: a format and where its packets come from.
 * <pre>
 * feeds: [
 *   !io.ticktape.engine.FeedConfig { name: cme, format: mdp3, transport: udp, channelId: 310,
 *     lines: [ "224.0.31.1:14310", "224.0.32.1:15310" ], networkInterface: eth1 },
 *   !io.ticktape.engine.FeedConfig { name: upstream, format: ticktape, transport: aeron,
 *     aeronChannel: "aeron:udp?endpoint=0.0.0.0:40123", streamId: 2001 },
 *   !io.ticktape.engine.FeedConfig { name: day, format: mdp3, transport: pcap, file: capture.pcapng, pace: max }
 * ]
 * </pre>
 */
public final class FeedConfig extends SelfDescribingMarshallable
{
    /** Name for logs and counters. */
    public String name = "feed";
    /** Packet format: {@code ticktape} or {@code mdp3}. */
    public String format = "ticktape";
    /** {@code udp}, {@code aeron} or {@code pcap}. */
    public String transport = "udp";
    /** Channel id for formats whose packets do not carry one (MDP3); lines of one channel share it. */
    public int channelId = 1;
    /** UDP: the lines, {@code host:port} each, usually A then B. */
    public List<String> lines = new ArrayList<>();
    /** UDP: interface to join multicast groups on (name, e.g. eth1); empty for the system's choice. */
    public String networkInterface = "";
    /** UDP: SO_RCVBUF to ask for, bytes. */
    public int receiveBufferBytes = 8 << 20;
    /** Aeron: channel to subscribe to. */
    public String aeronChannel = "";
    /** Aeron: stream id. */
    public int streamId = 0;
    /** Pcap: the capture file. */
    public String file = "";
    /** Pcap: {@code max}, {@code realtime} or {@code Nx} (N times captured pace). */
    public String pace = "max";

    /**
     * @return this, with nulls (fields Wire left unset) replaced by defaults.
     */
    FeedConfig withDefaults()
    {
        final FeedConfig defaults = new FeedConfig();
        name = null == name ? defaults.name : name;
        format = null == format ? defaults.format : format;
        transport = null == transport ? defaults.transport : transport;
        lines = null == lines ? defaults.lines : lines;
        networkInterface = null == networkInterface ? defaults.networkInterface : networkInterface;
        aeronChannel = null == aeronChannel ? defaults.aeronChannel : aeronChannel;
        file = null == file ? defaults.file : file;
        pace = null == pace ? defaults.pace : pace;
        return this;
    }

    /**
     * @return this, checked.
     * @throws IllegalArgumentException naming the feed and the problem.
     */
    FeedConfig validate()
    {
        switch (transport)
        {
            case "udp":
                if (lines.isEmpty())
                {
                    throw new IllegalArgumentException("feed " + name + ": udp needs lines: [ \"host:port\", ... ]");
                }
                for (final String line : lines)
                {
                    FeedSources.endpoint(line);
                }
                break;
            case "aeron":
                if (!aeronChannel.startsWith("aeron:") || 0 == streamId)
                {
                    throw new IllegalArgumentException("feed " + name + ": aeron needs aeronChannel and streamId");
                }
                break;
            case "pcap":
                if (file.isEmpty())
                {
                    throw new IllegalArgumentException("feed " + name + ": pcap needs file");
                }
                FeedSources.paceFactor(pace);
                break;
            default:
                throw new IllegalArgumentException("feed " + name + ": unknown transport '" + transport +
                    "', expected udp, aeron or pcap");
        }
        if (channelId < 0 || channelId > 0xFFFF)
        {
            throw new IllegalArgumentException("feed " + name + ": channelId must be 0..65535: " + channelId);
        }
        return this;
    }
}
