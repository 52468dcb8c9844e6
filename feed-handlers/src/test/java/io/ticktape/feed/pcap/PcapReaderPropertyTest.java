package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.Recorder.Packet;
import io.ticktape.protocol.status.Counters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ticktape.feed.pcap.PcapReaderTest.T0_NS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader against arbitrary bytes: whatever follows a valid file header, and whatever damage is done to a valid
 * file, reading terminates, throws nothing, keeps every payload view inside its buffer, and delivers every packet
 * that lies wholly before the damage exactly as written.
 */
class PcapReaderPropertyTest
{
    enum Format
    {
        PCAP_LE_MICROS, PCAP_BE_NANOS, PCAPNG_LE, PCAPNG_BE
    }

    @Property(tries = 600)
    void shouldTerminateWithoutThrowingWhenGarbageFollowsValidHeader(
        @ForAll final Format format,
        @ForAll final boolean withInterface,
        @ForAll @Size(max = 400) final byte[] garbage) throws IOException
    {
        final CaptureWriter writer = header(format);
        if (withInterface && isPcapng(format))
        {
            writer.interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0);
        }
        writer.raw(garbage);

        final Result result = read(writer.bytes());

        assertThat(result.failure).isNull();
        assertThat(result.counters.packets()).isEqualTo(result.recorder.packets.size());
        assertThat(result.counters.packets()).isLessThanOrEqualTo(result.counters.records());
    }

    @Property(tries = 600)
    void shouldOnlyThrowIllegalArgumentWhenWholeFileIsGarbage(
        @ForAll("magics") final byte[] magic,
        @ForAll @Size(max = 200) final byte[] garbage) throws IOException
    {
        final byte[] bytes = new byte[magic.length + garbage.length];
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        System.arraycopy(garbage, 0, bytes, magic.length, garbage.length);

        final Result result = read(bytes);

        if (null != result.failure)
        {
            assertThat(result.failure).isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 600)
    void shouldDeliverEveryPacketBeforeDamageWhenValidFileIsDamaged(
        @ForAll final Format format,
        @ForAll @Size(min = 1, max = 8) final List<@IntRange(min = 0, max = 120) Integer> payloadLengths,
        @ForAll("damage") final List<int[]> damage) throws IOException
    {
        final CaptureWriter writer = header(format);
        if (isPcapng(format))
        {
            writer.interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0);
        }
        final int headerEnd = writer.size();
        final List<Integer> recordEnds = new ArrayList<>();
        final List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < payloadLengths.size(); i++)
        {
            final byte[] payload = Frames.payload(i, payloadLengths.get(i));
            final byte[] frame = Frames.udp(payload).ethernet();
            if (isPcapng(format))
            {
                writer.enhancedPacket(0, T0_NS + i, frame);
            }
            else
            {
                writer.record(T0_NS + i, frame);
            }
            recordEnds.add(writer.size());
            final long timestampNs = T0_NS + i;
            packets.add(Packet.of(Format.PCAP_LE_MICROS == format ? timestampNs - timestampNs % 1000 : timestampNs,
                payload));
        }
        final byte[] bytes = writer.bytes();
        int firstDamaged = bytes.length;
        for (final int[] change : damage)
        {
            final int index = headerEnd + change[0] % (bytes.length - headerEnd);
            bytes[index] = (byte)change[1];
            firstDamaged = Math.min(firstDamaged, index);
        }
        int intact = 0;
        while (intact < recordEnds.size() && recordEnds.get(intact) <= firstDamaged)
        {
            intact++;
        }

        final Result result = read(bytes);

        assertThat(result.failure).isNull();
        assertThat(result.recorder.packets.size()).isGreaterThanOrEqualTo(intact);
        assertThat(result.recorder.packets.subList(0, intact)).isEqualTo(packets.subList(0, intact));
    }

    @Property(tries = 3000)
    void shouldMatchExactArithmeticWhenConvertingPcapngTimestamps(
        @ForAll final long units,
        @ForAll @IntRange(min = 0, max = 255) final int tsresol)
    {
        final BigInteger unsigned = new BigInteger(Long.toUnsignedString(units));
        final int exponent = tsresol & 0x7F;
        final BigInteger nanos = unsigned.multiply(BigInteger.TEN.pow(9));
        final BigInteger divisor = (tsresol & 0x80) == 0 ? BigInteger.TEN.pow(exponent) : BigInteger.TWO.pow(exponent);

        // Floor of units * 10^9 / unit-per-second, wrapped to 64 bits as the reader's arithmetic does.
        assertThat(PcapTimestamps.pcapngToEpochNs(units, tsresol)).isEqualTo(nanos.divide(divisor).longValue());
    }

    @Provide
    Arbitrary<byte[]> magics()
    {
        return Arbitraries.of(
            new byte[0],
            new byte[] { (byte)0xD4, (byte)0xC3, (byte)0xB2, (byte)0xA1 },
            new byte[] { (byte)0xA1, (byte)0xB2, (byte)0x3C, (byte)0x4D },
            new byte[] { 0x0A, 0x0D, 0x0D, 0x0A },
            new byte[] { 0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A },
            new byte[] { 0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0, 0x1A, 0x2B, 0x3C, 0x4D });
    }

    @Provide
    Arbitrary<List<int[]>> damage()
    {
        final Arbitrary<int[]> change = Combinators.combine(
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.oneOf(
                Arbitraries.of(0x00, 0xFF, 0x01, 0x7F, 0x80, 0x08, 0x45, 0x11, 0x06),
                Arbitraries.integers().between(0, 255)))
            .as((index, value) -> new int[] { index, value });
        return change.list().ofMinSize(1).ofMaxSize(4);
    }

    private static boolean isPcapng(final Format format)
    {
        return Format.PCAPNG_LE == format || Format.PCAPNG_BE == format;
    }

    private static CaptureWriter header(final Format format)
    {
        return switch (format)
        {
            case PCAP_LE_MICROS -> CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, CaptureWriter.LINKTYPE_ETHERNET);
            case PCAP_BE_NANOS -> CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
            case PCAPNG_LE -> CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN);
            case PCAPNG_BE -> CaptureWriter.pcapng(ByteOrder.BIG_ENDIAN);
        };
    }

    private static final class Result
    {
        final PcapCounters counters = new PcapCounters(new Counters(), "pcap");
        final Recorder recorder = new Recorder();
        Throwable failure;
    }

    /**
     * One file per property, rewritten by every try: creating a file per try would be most of the run time.
     */
    private Path file;

    @AfterProperty
    void deleteFile() throws IOException
    {
        if (null != file)
        {
            Files.deleteIfExists(file);
        }
    }

    private Result read(final byte[] bytes) throws IOException
    {
        final Result result = new Result();
        if (null == file)
        {
            file = Files.createTempFile("ticktape-pcap-property", ".pcap");
        }
        Files.write(file, bytes);
        try (PcapReader reader = new PcapReader(file, result.counters))
        {
            // Both ways of driving the reader must stop: small polls, then whatever readAll finds.
            int polls = 0;
            while (!reader.isDone() && polls++ < 10_000)
            {
                reader.poll(result.recorder, 3);
            }
            reader.readAll(result.recorder);
            assertThat(reader.isDone()).isTrue();
        }
        catch (final RuntimeException ex)
        {
            result.failure = ex;
        }
        return result;
    }
}
