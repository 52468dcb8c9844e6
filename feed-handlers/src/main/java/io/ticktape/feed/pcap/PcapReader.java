package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.PcapCounters.Reason;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the IPv4/UDP datagrams of a packet capture file, classic pcap or pcapng, and hands each one to a
 * {@link PacketHandler} as a view into the file, which is mapped read-only. Reading allocates nothing per packet.
 * <p>
 * Formats, recognised by the file's first four bytes:
 * <pre>
 *   classic pcap: magic(4) major(2) minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
 *                 then records of  seconds(4) fraction(4) capturedLength(4) originalLength(4) frame(capturedLength)
 *                 magic a1b2c3d4 = microsecond fraction, a1b23c4d = nanosecond; either byte order.
 *   pcapng:       blocks of  type(4) totalLength(4) body(totalLength - 12) totalLength(4)
 *                 Section Header   0x0A0D0D0A: byteOrderMagic 1A2B3C4D(4) major(2) minor(2) sectionLength(8) options
 *                 Interface Descr. 1: linkType(2) reserved(2) snaplen(4) options (if_tsresol = 9, if_tsoffset = 14)
 *                 Enhanced Packet  6: interfaceId(4) tsHigh(4) tsLow(4) capturedLength(4) originalLength(4) frame
 *                 Simple Packet    3: originalLength(4) frame
 *                 Packet (old)     2: interfaceId(2) drops(2) tsHigh(4) tsLow(4) capturedLength(4) originalLength(4)
 *                 any other type is skipped by its length; a new section header resets the interfaces.
 * </pre>
 * Link types: Ethernet with 802.1Q/802.1ad tags, Linux cooked (SLL, SLL2) and raw IPv4.
 * <p>
 * The file is untrusted. Anything that is not a whole unfragmented IPv4/UDP datagram is counted in
 * {@link PcapCounters}, logged once per kind per file, and skipped. Record and block lengths are the formats' only
 * framing, so a length that cannot be right, or a file that ends inside a record, ends the reading cleanly: what came
 * before is delivered, the rest is counted once and left. The only exception thrown for content is the
 * {@link IllegalArgumentException} from the constructor when the file is not a capture at all.
 * <p>
 * Timestamps are the capture's, converted to epoch nanoseconds; they are in file order, which is not always time
 * order (captures merged from several ports step back by microseconds). A pcapng Simple Packet Block has no
 * timestamp and is given the last timestamp seen, or 0.
 * <p>
 * Files of up to 2 GiB are mapped whole; larger files are mapped in windows of up to 2 GiB, moved as reading
 * proceeds. The file must not shrink while it is read: that faults the mapping. Not thread-safe: one reader, one
 * thread.
 */
public final class PcapReader implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(PcapReader.class.getName());

    static final int MAX_WINDOW_BYTES = Integer.MAX_VALUE;

    private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    private static final int PCAP_HEADER_LENGTH = 24;
    private static final int PCAP_RECORD_HEADER_LENGTH = 16;
    private static final int PCAP_LINKTYPE_MASK = 0x03FF_FFFF;

    private static final int BLOCK_SECTION_HEADER = 0x0A0D0D0A;
    private static final int BLOCK_INTERFACE = 1;
    private static final int BLOCK_PACKET_OBSOLETE = 2;
    private static final int BLOCK_SIMPLE_PACKET = 3;
    private static final int BLOCK_ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int BYTE_ORDER_MAGIC_SWAPPED = 0x4D3C2B1A;
    private static final int BLOCK_MIN_LENGTH = 12;
    private static final int SECTION_HEADER_MIN_LENGTH = 28;
    private static final int INTERFACE_MIN_LENGTH = 20;
    private static final int PACKET_HEADER_LENGTH = 28;
    private static final int SIMPLE_PACKET_HEADER_LENGTH = 12;
    private static final int OPTION_END = 0;
    private static final int OPTION_TSRESOL = 9;
    private static final int OPTION_TSOFFSET = 14;
    private static final int MAX_INTERFACES = 65_536;
    private static final int MAX_INTERFACE_BLOCK_PARSED = 65_536;

    /**
     * A datagram fits in 64 KiB after any plausible link header: bytes beyond this are never decoded, so a huge
     * record never needs a huge mapping.
     */
    private static final int MAX_FRAME_DECODED = 128 * 1024;

    /**
     * Used only to name what stopped a file: a length past the end of the file up to this size is taken for a cut
     * file (libpcap's largest snap length for records), anything larger for a corrupt length.
     */
    private static final long MAX_PLAUSIBLE_RECORD = 262_144;
    private static final long MAX_PLAUSIBLE_BLOCK = 16 * 1024 * 1024;

    private static final int END = 0;
    private static final int CONTINUE = 1;
    private static final int STAGED = 2;

    private final Path path;
    private final PcapCounters counters;
    private final FileChannel channel;
    private final long fileLength;
    private final int windowBytes;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final UdpFrameDecoder frame = new UdpFrameDecoder();
    private final boolean[] logged = new boolean[Reason.count()];
    private final boolean pcapng;

    private MappedByteBuffer mapping;
    private long windowStart;
    private int windowLength;

    private ByteOrder order;
    private boolean nanosecondPcap;
    private int pcapLinkType;
    private int[] interfaceLinkTypes = new int[4];
    private int[] interfaceTsresols = new int[4];
    private long[] interfaceTsoffsetsNs = new long[4];
    private int interfaceCount;

    private long position;
    private boolean done;
    private boolean closed;
    private boolean staged;
    private long stagedTimestampNs;
    private long lastTimestampNs;

    /**
     * Open a capture and read its file header.
     *
     * @param path     of the capture.
     * @param counters where what the file holds is counted.
     * @throws IOException              if the file cannot be opened or mapped.
     * @throws IllegalArgumentException if the file is not a pcap or pcapng capture (too short, unknown magic, unknown
     *                                  byte-order magic); the message names the file.
     */
    public PcapReader(final Path path, final PcapCounters counters) throws IOException
    {
        this(path, counters, MAX_WINDOW_BYTES);
    }

    PcapReader(final Path path, final PcapCounters counters, final int windowBytes) throws IOException
    {
        if (windowBytes < 64)
        {
            throw new IllegalArgumentException("windowBytes must be at least 64: " + windowBytes);
        }
        this.path = path;
        this.counters = counters;
        this.windowBytes = windowBytes;
        channel = FileChannel.open(path, StandardOpenOption.READ);
        try
        {
            fileLength = channel.size();
            if (fileLength < 4)
            {
                throw new IllegalArgumentException(
                    path + ": not a pcap or pcapng capture: " + fileLength + " bytes, too short for a magic number");
            }
            remap(0, Math.min(fileLength, windowBytes));
            pcapng = readFileHeader();
        }
        catch (final RuntimeException | IOException ex)
        {
            releaseMapping();
            channel.close();
            throw ex;
        }
    }

    private boolean readFileHeader()
    {
        final int magic = buffer.getInt(0, ByteOrder.LITTLE_ENDIAN);
        if (BLOCK_SECTION_HEADER == magic)
        {
            if (fileLength < BLOCK_MIN_LENGTH)
            {
                stop(Reason.TRUNCATED_FILE, 0, "file ends inside the first section header, bytes", fileLength);
                return true;
            }
            order = byteOrder(buffer.getInt(8, ByteOrder.LITTLE_ENDIAN));
            if (null == order)
            {
                throw new IllegalArgumentException(String.format(
                    "%s: not a pcapng capture: unknown byte-order magic 0x%08x", path,
                    buffer.getInt(8, ByteOrder.BIG_ENDIAN)));
            }
            return true;
        }

        if (PCAP_MAGIC_MICROS == magic || PCAP_MAGIC_NANOS == magic)
        {
            order = ByteOrder.LITTLE_ENDIAN;
        }
        else if (PCAP_MAGIC_MICROS == Integer.reverseBytes(magic) || PCAP_MAGIC_NANOS == Integer.reverseBytes(magic))
        {
            order = ByteOrder.BIG_ENDIAN;
        }
        else
        {
            throw new IllegalArgumentException(String.format("%s: not a pcap or pcapng capture: unknown magic 0x%08x",
                path, buffer.getInt(0, ByteOrder.BIG_ENDIAN)));
        }
        nanosecondPcap = PCAP_MAGIC_NANOS == buffer.getInt(0, order);
        if (fileLength < PCAP_HEADER_LENGTH)
        {
            stop(Reason.TRUNCATED_FILE, 0, "file ends inside the pcap file header, bytes", fileLength);
        }
        else
        {
            pcapLinkType = buffer.getInt(20, order) & PCAP_LINKTYPE_MASK;
            position = PCAP_HEADER_LENGTH;
        }
        return false;
    }

    /**
     * Deliver up to {@code limit} packets. Work is bounded too: the call also returns after {@code limit} records
     * or blocks that delivered nothing, so it may return 0 before {@link #isDone()}.
     *
     * @param handler receives the packets.
     * @param limit   most packets to deliver.
     * @return packets delivered.
     */
    public int poll(final PacketHandler handler, final int limit)
    {
        int delivered = 0;
        int idle = 0;
        while (delivered < limit)
        {
            if (!staged)
            {
                final int result = next();
                if (END == result)
                {
                    break;
                }
                if (CONTINUE == result)
                {
                    if (++idle >= limit)
                    {
                        break;
                    }
                    continue;
                }
            }
            deliver(handler);
            delivered++;
        }
        return delivered;
    }

    /**
     * Deliver every remaining packet.
     *
     * @param handler receives the packets.
     * @return packets delivered.
     */
    public long readAll(final PacketHandler handler)
    {
        long delivered = 0;
        while (!isDone())
        {
            delivered += poll(handler, 4096);
        }
        return delivered;
    }

    /**
     * Whether any packet is left. Reads ahead past records that deliver nothing (counting them) to find out.
     *
     * @return true when no packet is left to deliver.
     */
    public boolean isDone()
    {
        return !stage();
    }

    /**
     * The timestamp of the packet the next {@link #poll} delivers, for pacing. Reads ahead as {@link #isDone()} does.
     *
     * @return epoch nanoseconds; meaningless when {@link #isDone()}.
     */
    public long peekTimestampNs()
    {
        return stage() ? stagedTimestampNs : 0;
    }

    /**
     * @return the capture file.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return true for pcapng, false for classic pcap.
     */
    public boolean isPcapng()
    {
        return pcapng;
    }

    /**
     * @return bytes of the file read so far, for progress.
     */
    public long position()
    {
        return position;
    }

    /**
     * @return the file's length in bytes when it was opened.
     */
    public long fileLength()
    {
        return fileLength;
    }

    /**
     * Unmap and close the file. Buffers handed to handlers must not be used after this.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        done = true;
        staged = false;
        releaseMapping();
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("closing " + path, ex);
        }
    }

    private boolean stage()
    {
        while (!staged)
        {
            if (END == next())
            {
                return false;
            }
        }
        return true;
    }

    private void deliver(final PacketHandler handler)
    {
        // Cleared first so that a handler which throws is not handed the same packet again.
        staged = false;
        counters.onPacket();
        final UdpFrameDecoder frame = this.frame;
        handler.onUdpPacket(stagedTimestampNs, frame.srcIp, frame.srcPort, frame.dstIp, frame.dstPort,
            buffer, frame.payloadOffset, frame.payloadLength);
    }

    private int next()
    {
        if (done)
        {
            return END;
        }
        if (position == fileLength)
        {
            done = true;
            return END;
        }
        return pcapng ? nextBlock() : nextRecord();
    }

    private int nextRecord()
    {
        final long recordPosition = position;
        final long remaining = fileLength - recordPosition;
        if (remaining < PCAP_RECORD_HEADER_LENGTH)
        {
            return stop(Reason.TRUNCATED_FILE, recordPosition, "file ends inside a record header, bytes left",
                remaining);
        }
        final int at = ensure(recordPosition, PCAP_RECORD_HEADER_LENGTH);
        final long seconds = uint32(at);
        final long fraction = uint32(at + 4);
        final long capturedLength = uint32(at + 8);
        final long originalLength = uint32(at + 12);
        if (capturedLength > remaining - PCAP_RECORD_HEADER_LENGTH)
        {
            return stop(capturedLength <= MAX_PLAUSIBLE_RECORD ? Reason.TRUNCATED_FILE : Reason.CORRUPT_FILE,
                recordPosition, "record's captured length runs past the end of the file, length", capturedLength);
        }
        position = recordPosition + PCAP_RECORD_HEADER_LENGTH + capturedLength;
        counters.onRecord();
        lastTimestampNs = PcapTimestamps.pcapToEpochNs(seconds, fraction, nanosecondPcap);
        if (capturedLength > originalLength)
        {
            return skip(Reason.BAD_CAPTURED_LENGTH, recordPosition, "captured length above original length",
                capturedLength);
        }
        return decode(recordPosition + PCAP_RECORD_HEADER_LENGTH, capturedLength, pcapLinkType, recordPosition);
    }

    private int nextBlock()
    {
        final long blockPosition = position;
        final long remaining = fileLength - blockPosition;
        if (remaining < BLOCK_MIN_LENGTH)
        {
            return stop(Reason.TRUNCATED_FILE, blockPosition, "file ends inside a block header, bytes left", remaining);
        }
        int at = ensure(blockPosition, BLOCK_MIN_LENGTH);
        final int type = buffer.getInt(at, order);
        if (BLOCK_SECTION_HEADER == type)
        {
            // The block type reads the same in both orders; the new section's order governs its length.
            final ByteOrder sectionOrder = byteOrder(buffer.getInt(at + 8, ByteOrder.LITTLE_ENDIAN));
            if (null == sectionOrder)
            {
                return stop(Reason.CORRUPT_FILE, blockPosition, "section header with unknown byte-order magic", 0);
            }
            order = sectionOrder;
        }
        final long blockLength = uint32(at + 4);
        if (blockLength < BLOCK_MIN_LENGTH)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "block length below the block header, length",
                blockLength);
        }
        if (blockLength > remaining)
        {
            return stop(blockLength <= MAX_PLAUSIBLE_BLOCK ? Reason.TRUNCATED_FILE : Reason.CORRUPT_FILE,
                blockPosition, "block length runs past the end of the file, length", blockLength);
        }
        at = ensure(blockPosition + blockLength - 4, 4);
        if (uint32(at) != blockLength)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "block's trailing length differs from its length",
                blockLength);
        }
        position = blockPosition + blockLength;

        switch (type)
        {
            case BLOCK_SECTION_HEADER:
                return onSectionHeader(blockPosition, blockLength);

            case BLOCK_INTERFACE:
                return onInterface(blockPosition, blockLength);

            case BLOCK_ENHANCED_PACKET:
            case BLOCK_PACKET_OBSOLETE:
                return onPacketBlock(blockPosition, blockLength, BLOCK_PACKET_OBSOLETE == type);

            case BLOCK_SIMPLE_PACKET:
                return onSimplePacket(blockPosition, blockLength);

            default:
                return skip(Reason.SKIPPED_BLOCK, blockPosition, "block type", type);
        }
    }

    private int onSectionHeader(final long blockPosition, final long blockLength)
    {
        if (blockLength < SECTION_HEADER_MIN_LENGTH)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "section header shorter than its fields, length",
                blockLength);
        }
        final int at = ensure(blockPosition, SECTION_HEADER_MIN_LENGTH);
        final int majorVersion = buffer.getShort(at + 12, order) & 0xFFFF;
        if (1 != majorVersion)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "section of unsupported major version", majorVersion);
        }
        interfaceCount = 0;
        return CONTINUE;
    }

    private int onInterface(final long blockPosition, final long blockLength)
    {
        if (blockLength < INTERFACE_MIN_LENGTH)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "interface block shorter than its fields, length",
                blockLength);
        }
        if (interfaceCount == MAX_INTERFACES)
        {
            return skip(Reason.SKIPPED_BLOCK, blockPosition, "interface beyond the supported number", interfaceCount);
        }
        final int parsedLength = (int)Math.min(blockLength - 4, MAX_INTERFACE_BLOCK_PARSED);
        final int at = ensure(blockPosition, parsedLength);
        final int linkType = buffer.getShort(at + 8, order) & 0xFFFF;
        int tsresol = PcapTimestamps.DEFAULT_TSRESOL;
        long tsoffsetNs = 0;

        // Options are optional: a damaged list keeps the defaults and the interface, as the packets may still read.
        final int end = at + parsedLength;
        int option = at + 16;
        while (end - option >= 4)
        {
            final int code = buffer.getShort(option, order) & 0xFFFF;
            final int length = buffer.getShort(option + 2, order) & 0xFFFF;
            if (OPTION_END == code || length > end - option - 4)
            {
                break;
            }
            if (OPTION_TSRESOL == code && length >= 1)
            {
                tsresol = buffer.getByte(option + 4) & 0xFF;
            }
            else if (OPTION_TSOFFSET == code && length >= 8)
            {
                tsoffsetNs = buffer.getLong(option + 4, order) * PcapTimestamps.NANOS_PER_SECOND;
            }
            option += 4 + ((length + 3) & ~3);
        }

        if (interfaceCount == interfaceLinkTypes.length)
        {
            final int capacity = interfaceCount * 2;
            interfaceLinkTypes = Arrays.copyOf(interfaceLinkTypes, capacity);
            interfaceTsresols = Arrays.copyOf(interfaceTsresols, capacity);
            interfaceTsoffsetsNs = Arrays.copyOf(interfaceTsoffsetsNs, capacity);
        }
        interfaceLinkTypes[interfaceCount] = linkType;
        interfaceTsresols[interfaceCount] = tsresol;
        interfaceTsoffsetsNs[interfaceCount] = tsoffsetNs;
        interfaceCount++;
        return CONTINUE;
    }

    private int onPacketBlock(final long blockPosition, final long blockLength, final boolean obsolete)
    {
        if (blockLength < PACKET_HEADER_LENGTH + 4)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "packet block shorter than its fields, length",
                blockLength);
        }
        final int at = ensure(blockPosition, PACKET_HEADER_LENGTH);
        final long interfaceId = obsolete ? buffer.getShort(at + 8, order) & 0xFFFF : uint32(at + 8);
        final long units = (uint32(at + 12) << 32) | uint32(at + 16);
        final long capturedLength = uint32(at + 20);
        final long originalLength = uint32(at + 24);
        counters.onRecord();
        if (interfaceId >= interfaceCount)
        {
            return skip(Reason.UNKNOWN_INTERFACE, blockPosition, "packet of undescribed interface", interfaceId);
        }
        final int id = (int)interfaceId;
        lastTimestampNs = PcapTimestamps.pcapngToEpochNs(units, interfaceTsresols[id]) + interfaceTsoffsetsNs[id];
        if (capturedLength > blockLength - PACKET_HEADER_LENGTH - 4)
        {
            return skip(Reason.BAD_CAPTURED_LENGTH, blockPosition, "captured length beyond its block", capturedLength);
        }
        if (capturedLength > originalLength)
        {
            return skip(Reason.BAD_CAPTURED_LENGTH, blockPosition, "captured length above original length",
                capturedLength);
        }
        return decode(blockPosition + PACKET_HEADER_LENGTH, capturedLength, interfaceLinkTypes[id], blockPosition);
    }

    private int onSimplePacket(final long blockPosition, final long blockLength)
    {
        if (blockLength < SIMPLE_PACKET_HEADER_LENGTH + 4)
        {
            return stop(Reason.CORRUPT_FILE, blockPosition, "simple packet block shorter than its fields, length",
                blockLength);
        }
        final int at = ensure(blockPosition, SIMPLE_PACKET_HEADER_LENGTH);
        final long originalLength = uint32(at + 8);
        counters.onRecord();
        if (0 == interfaceCount)
        {
            return skip(Reason.UNKNOWN_INTERFACE, blockPosition, "simple packet before any interface", 0);
        }
        // The block holds min(originalLength, snaplen) bytes plus padding; its length is the robust bound.
        final long capturedLength = Math.min(originalLength, blockLength - SIMPLE_PACKET_HEADER_LENGTH - 4);
        return decode(blockPosition + SIMPLE_PACKET_HEADER_LENGTH, capturedLength, interfaceLinkTypes[0],
            blockPosition);
    }

    private int decode(final long framePosition, final long capturedLength, final int linkType,
        final long recordPosition)
    {
        final int length = (int)Math.min(capturedLength, MAX_FRAME_DECODED);
        final int at = ensure(framePosition, length);
        final Reason reason = frame.decode(buffer, at, length, linkType);
        if (null != reason)
        {
            return skip(reason, recordPosition, "link type", linkType);
        }
        stagedTimestampNs = lastTimestampNs;
        staged = true;
        return STAGED;
    }

    private int skip(final Reason reason, final long recordPosition, final String detail, final long value)
    {
        onEvent(reason, recordPosition, detail, value);
        return CONTINUE;
    }

    private int stop(final Reason reason, final long recordPosition, final String detail, final long value)
    {
        onEvent(reason, recordPosition, detail, value);
        done = true;
        return END;
    }

    private void onEvent(final Reason reason, final long recordPosition, final String detail, final long value)
    {
        counters.onSkipped(reason);
        final int kind = reason.ordinal();
        if (!logged[kind])
        {
            logged[kind] = true;
            final Level level = reason.malformed() ? Level.WARNING : Level.INFO;
            LOG.log(level, () -> String.format("%s: %s at byte %d (%s %d); counted, logged once per kind per file",
                path, reason.label(), recordPosition, detail, value));
        }
    }

    /**
     * Make {@code [filePosition, filePosition + length)} addressable, moving the window if needed.
     *
     * @return the offset in {@link #buffer} of {@code filePosition}.
     */
    private int ensure(final long filePosition, final long length)
    {
        if (filePosition < windowStart || filePosition + length > windowStart + windowLength)
        {
            remap(filePosition, Math.min(fileLength - filePosition, Math.max(windowBytes, length)));
        }
        return (int)(filePosition - windowStart);
    }

    private void remap(final long start, final long length)
    {
        final MappedByteBuffer previous = mapping;
        try
        {
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("mapping " + path + " at byte " + start, ex);
        }
        buffer.wrap(mapping);
        windowStart = start;
        windowLength = (int)length;
        if (null != previous)
        {
            IoUtil.unmap(previous);
        }
    }

    private void releaseMapping()
    {
        // Point the shared buffer at nothing first: a handler that kept it gets bounds errors, not a crash.
        buffer.wrap(new byte[0]);
        if (null != mapping)
        {
            IoUtil.unmap(mapping);
            mapping = null;
        }
    }

    private long uint32(final int index)
    {
        return buffer.getInt(index, order) & 0xFFFF_FFFFL;
    }

    private static ByteOrder byteOrder(final int magicReadLittleEndian)
    {
        if (BYTE_ORDER_MAGIC == magicReadLittleEndian)
        {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (BYTE_ORDER_MAGIC_SWAPPED == magicReadLittleEndian)
        {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }
}
