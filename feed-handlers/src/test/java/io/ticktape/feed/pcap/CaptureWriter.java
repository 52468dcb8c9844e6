package io.ticktape.feed.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic pcap and pcapng files from the format descriptions (libpcap's pcap-savefile, the IETF pcapng
 * draft), independently of the reader, and remembers where each record starts.
 */
final class CaptureWriter
{
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteBuffer scratch = ByteBuffer.allocate(256 * 1024);
    private ByteOrder order;
    private boolean nanoseconds;
    private int recordStart;

    private CaptureWriter(final ByteOrder order)
    {
        this.order = order;
    }

    static CaptureWriter pcap(final ByteOrder order, final boolean nanoseconds, final int linkType)
    {
        final CaptureWriter writer = new CaptureWriter(order);
        writer.nanoseconds = nanoseconds;
        final ByteBuffer header = writer.allocate(24);
        header.putInt(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
        header.putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(262_144).putInt(linkType);
        writer.write(header);
        return writer;
    }

    static CaptureWriter pcapng(final ByteOrder order)
    {
        return new CaptureWriter(order).section(order);
    }

    /**
     * A classic pcap record.
     */
    CaptureWriter record(final long timestampNs, final byte[] frame)
    {
        return record(timestampNs, frame, frame.length, frame.length);
    }

    CaptureWriter record(final long timestampNs, final byte[] frame, final int capturedLength, final int originalLength)
    {
        recordStart = out.size();
        final ByteBuffer header = allocate(16);
        final long seconds = timestampNs / 1_000_000_000L;
        final long nanos = timestampNs % 1_000_000_000L;
        header.putInt((int)seconds).putInt((int)(nanoseconds ? nanos : nanos / 1000));
        header.putInt(capturedLength).putInt(originalLength);
        write(header);
        out.write(frame, 0, Math.min(frame.length, capturedLength));
        return this;
    }

    CaptureWriter section(final ByteOrder order)
    {
        this.order = order;
        return block(0x0A0D0D0A, body ->
        {
            body.putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1L);
            // shb_userappl, to make sure options are stepped over
            option(body, 4, "ticktape-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.putInt(0);
        });
    }

    /**
     * @param tsresol if_tsresol byte, or -1 to leave the option out (microseconds).
     * @param tsoffsetSeconds if_tsoffset, or 0 to leave it out.
     */
    CaptureWriter interfaceBlock(final int linkType, final int tsresol, final long tsoffsetSeconds)
    {
        return block(1, body ->
        {
            body.putShort((short)linkType).putShort((short)0).putInt(0);
            option(body, 2, "eth0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));   // if_name
            if (tsresol >= 0)
            {
                option(body, 9, new byte[] { (byte)tsresol });
            }
            if (0 != tsoffsetSeconds)
            {
                option(body, 14, ByteBuffer.allocate(8).order(order).putLong(tsoffsetSeconds).array());
            }
            body.putInt(0);   // opt_endofopt
        });
    }

    CaptureWriter enhancedPacket(final int interfaceId, final long units, final byte[] frame)
    {
        return enhancedPacket(interfaceId, units, frame, frame.length, frame.length);
    }

    CaptureWriter enhancedPacket(
        final int interfaceId, final long units, final byte[] frame, final int capturedLength, final int originalLength)
    {
        return block(6, body ->
        {
            body.putInt(interfaceId).putInt((int)(units >>> 32)).putInt((int)units);
            body.putInt(capturedLength).putInt(originalLength);
            body.put(frame);
            pad(body, frame.length);
            option(body, 1, "comment".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.putInt(0);
        });
    }

    CaptureWriter obsoletePacket(final int interfaceId, final long units, final byte[] frame)
    {
        return block(2, body ->
        {
            body.putShort((short)interfaceId).putShort((short)0).putInt((int)(units >>> 32)).putInt((int)units);
            body.putInt(frame.length).putInt(frame.length);
            body.put(frame);
            pad(body, frame.length);
        });
    }

    CaptureWriter simplePacket(final byte[] frame)
    {
        return block(3, body ->
        {
            body.putInt(frame.length);
            body.put(frame);
            pad(body, frame.length);
        });
    }

    CaptureWriter otherBlock(final int type, final byte[] content)
    {
        return block(type, body ->
        {
            body.put(content);
            pad(body, content.length);
        });
    }

    /**
     * Raw bytes, to damage a file on purpose.
     */
    CaptureWriter raw(final byte[] bytes)
    {
        recordStart = out.size();
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /**
     * @return where the last record or block written starts.
     */
    int lastRecordStart()
    {
        return recordStart;
    }

    int size()
    {
        return out.size();
    }

    byte[] bytes()
    {
        return out.toByteArray();
    }

    Path writeTo(final Path file) throws IOException
    {
        return Files.write(file, bytes());
    }

    private interface Body
    {
        void write(ByteBuffer body);
    }

    private CaptureWriter block(final int type, final Body content)
    {
        recordStart = out.size();
        final ByteBuffer body = scratch.clear().order(order);
        content.write(body);
        final int totalLength = 12 + body.position();
        final ByteBuffer block = allocate(totalLength);
        block.putInt(type).putInt(totalLength);
        block.put(body.array(), 0, body.position());
        block.putInt(totalLength);
        write(block);
        return this;
    }

    private void option(final ByteBuffer body, final int code, final byte[] value)
    {
        body.putShort((short)code).putShort((short)value.length).put(value);
        pad(body, value.length);
    }

    private static void pad(final ByteBuffer body, final int length)
    {
        for (int i = length; (i & 3) != 0; i++)
        {
            body.put((byte)0);
        }
    }

    private ByteBuffer allocate(final int capacity)
    {
        return ByteBuffer.allocate(capacity).order(order);
    }

    private void write(final ByteBuffer buffer)
    {
        out.write(buffer.array(), 0, buffer.position());
    }
}
