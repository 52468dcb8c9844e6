package io.ticktape.feed.pcap;

import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Counters of what {@link PcapReader}s found in their files: records read, packets delivered, and every record,
 * block or file that was skipped, one counter per {@link Reason}.
 * <p>
 * One set of counters may be shared by several readers used one after the other (for example, the files of one
 * capture session), but not by readers running at the same time on different threads: each counter has one writer.
 */
public final class PcapCounters
{
    /**
     * Why something in a capture was not delivered. Labels are stable: dashboards and tests refer to them.
     */
    public enum Reason
    {
        /**
         * The interface's link type is none of Ethernet, Linux cooked (SLL, SLL2) or raw IP.
         */
        UNKNOWN_LINK_TYPE("skipped.unknown_link_type", false),

        /**
         * A pcapng packet names an interface that its section never described.
         */
        UNKNOWN_INTERFACE("skipped.unknown_interface", true),

        /**
         * The frame carries something other than IPv4 (ARP, IPv6, LLDP, ...).
         */
        NOT_IPV4("skipped.not_ipv4", false),

        /**
         * An IPv4 header with a wrong version, a header length below 20 bytes, or a total length below the header
         * length.
         */
        BAD_IP_HEADER("skipped.bad_ip_header", true),

        /**
         * An IPv4 datagram of another protocol (TCP, PIM, IGMP, ...).
         */
        NOT_UDP("skipped.not_udp", false),

        /**
         * A fragment of a UDP datagram: without reassembly no fragment holds a whole datagram.
         */
        FRAGMENT("skipped.fragment", false),

        /**
         * A UDP length below the UDP header or beyond the IPv4 datagram holding it.
         */
        BAD_UDP_LENGTH("skipped.bad_udp_length", true),

        /**
         * The captured bytes end inside a header or before the end of the datagram (snap length, damage).
         */
        TRUNCATED_PACKET("skipped.truncated", true),

        /**
         * A record whose captured length exceeds the packet's original length, or its own block.
         */
        BAD_CAPTURED_LENGTH("skipped.bad_captured_length", true),

        /**
         * A pcapng block of a type that carries no packets for this reader (statistics, name resolution, custom),
         * or an interface beyond the supported number. Normal in most captures.
         */
        SKIPPED_BLOCK("blocks.skipped", false),

        /**
         * The file ends inside a record: the rest of the file is unread.
         */
        TRUNCATED_FILE("file.truncated", true),

        /**
         * A record or block length that cannot be right (past the end of the file by far, shorter than its header,
         * different from the block's trailing copy) or a section header that cannot be read. Lengths are the only
         * framing these formats have, so the rest of the file is unread.
         */
        CORRUPT_FILE("file.corrupt", true);

        private static final Reason[] VALUES = values();

        private final String label;
        private final boolean malformed;

        Reason(final String label, final boolean malformed)
        {
            this.label = label;
            this.malformed = malformed;
        }

        /**
         * @return the counter's label after the prefix, e.g. {@code skipped.not_udp}.
         */
        public String label()
        {
            return label;
        }

        /**
         * @return true when the input is damaged or hostile; false when it is valid but not for this reader.
         */
        public boolean malformed()
        {
            return malformed;
        }

        static Reason get(final int ordinal)
        {
            return VALUES[ordinal];
        }

        static int count()
        {
            return VALUES.length;
        }
    }

    private final AtomicCounter records;
    private final AtomicCounter packets;
    private final AtomicCounter[] skipped = new AtomicCounter[Reason.count()];

    /**
     * Allocate the counters (control path).
     *
     * @param counters where the counters are allocated.
     * @param prefix   label prefix, e.g. {@code pcap} gives {@code pcap.records}, {@code pcap.skipped.not_udp}.
     */
    public PcapCounters(final Counters counters, final String prefix)
    {
        records = counters.newCounter(prefix + ".records");
        packets = counters.newCounter(prefix + ".packets");
        for (int i = 0; i < skipped.length; i++)
        {
            skipped[i] = counters.newCounter(prefix + "." + Reason.get(i).label());
        }
    }

    /**
     * @return packet records read (pcap records and pcapng packet blocks), delivered or not.
     */
    public long records()
    {
        return records.get();
    }

    /**
     * @return UDP datagrams delivered to a handler.
     */
    public long packets()
    {
        return packets.get();
    }

    /**
     * @param reason what was skipped.
     * @return how many times it happened.
     */
    public long skipped(final Reason reason)
    {
        return skipped[reason.ordinal()].get();
    }

    /**
     * @return the sum over every {@link Reason}.
     */
    public long skippedTotal()
    {
        long total = 0;
        for (final AtomicCounter counter : skipped)
        {
            total += counter.get();
        }
        return total;
    }

    void onRecord()
    {
        records.incrementRelease();
    }

    void onPacket()
    {
        packets.incrementRelease();
    }

    void onSkipped(final Reason reason)
    {
        skipped[reason.ordinal()].incrementRelease();
    }
}
