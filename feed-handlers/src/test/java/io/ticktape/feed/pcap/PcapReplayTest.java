package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.Recorder.Packet;
import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.ticktape.feed.pcap.PcapReaderTest.T0_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pacing against a clock the test controls: as fast as possible, at the captured pace, faster, and with the
 * timestamps that step back in real captures.
 */
class PcapReplayTest
{
    private static final long MS = 1_000_000L;
    private static final long START_NS = 777_000;

    @TempDir
    Path dir;

    private final PcapCounters counters = new PcapCounters(new Counters(), "pcap");
    private final Recorder recorder = new Recorder();

    @Test
    void shouldDeliverEverythingAtOnceWhenAsFastAsPossible() throws IOException
    {
        try (PcapReader reader = reader(0, 1000 * MS, 2000 * MS, 3_600_000 * MS))
        {
            final PcapReplay replay = PcapReplay.asFastAsPossible();
            assertThat(replay.poll(reader, recorder, START_NS, 100)).isEqualTo(4);
            assertThat(reader.isDone()).isTrue();
            assertThat(replay.speed()).isInfinite();
        }
    }

    @Test
    void shouldDeliverEachPacketWhenItFallsDueAtCapturedPace() throws IOException
    {
        try (PcapReader reader = reader(0, MS, 3 * MS, 3 * MS, 10 * MS))
        {
            final PcapReplay replay = PcapReplay.atSpeed(1);
            assertThat(replay.nextDueNs(reader, START_NS)).isEqualTo(START_NS);
            assertThat(replay.poll(reader, recorder, START_NS, 100)).isEqualTo(1);
            assertThat(replay.poll(reader, recorder, START_NS + MS - 1, 100)).isZero();
            assertThat(replay.nextDueNs(reader, START_NS + MS - 1)).isEqualTo(START_NS + MS);
            assertThat(replay.poll(reader, recorder, START_NS + MS, 100)).isEqualTo(1);
            assertThat(replay.poll(reader, recorder, START_NS + 9 * MS, 100)).isEqualTo(2);
            assertThat(replay.poll(reader, recorder, START_NS + 20 * MS, 100)).isEqualTo(1);
            assertThat(reader.isDone()).isTrue();
            assertThat(replay.nextDueNs(reader, START_NS + 30 * MS)).isEqualTo(START_NS + 30 * MS);
        }
        assertThat(recorder.packets).extracting(Packet::timestampNs)
            .containsExactly(T0_NS, T0_NS + MS, T0_NS + 3 * MS, T0_NS + 3 * MS, T0_NS + 10 * MS);
    }

    @Test
    void shouldScaleGapsWhenSpeedFactorIsGiven() throws IOException
    {
        try (PcapReader reader = reader(0, 10 * MS, 30 * MS))
        {
            final PcapReplay replay = PcapReplay.atSpeed(4);
            assertThat(replay.poll(reader, recorder, START_NS, 100)).isEqualTo(1);
            assertThat(replay.nextDueNs(reader, START_NS)).isEqualTo(START_NS + 2_500_000);
            assertThat(replay.poll(reader, recorder, START_NS + 2_500_000, 100)).isEqualTo(1);
            assertThat(replay.nextDueNs(reader, START_NS)).isEqualTo(START_NS + 7_500_000);
            assertThat(replay.poll(reader, recorder, START_NS + 7_499_999, 100)).isZero();
            assertThat(replay.poll(reader, recorder, START_NS + 7_500_000, 1)).isEqualTo(1);
        }

        final PcapReplay slow = PcapReplay.atSpeed(0.5);
        assertThat(slow.dueOffsetNs(T0_NS)).isZero();
        assertThat(slow.dueOffsetNs(T0_NS + 3 * MS)).isEqualTo(6 * MS);
    }

    @Test
    void shouldDeliverAtOnceInFileOrderWhenTimestampStepsBack() throws IOException
    {
        try (PcapReader reader = reader(5 * MS, 0, 6 * MS, 4 * MS))
        {
            final PcapReplay replay = PcapReplay.atSpeed(1);
            assertThat(replay.poll(reader, recorder, START_NS, 100)).isEqualTo(2);
            assertThat(replay.poll(reader, recorder, START_NS + MS, 100)).isEqualTo(2);
        }
        assertThat(recorder.packets).extracting(Packet::timestampNs)
            .containsExactly(T0_NS + 5 * MS, T0_NS, T0_NS + 6 * MS, T0_NS + 4 * MS);
    }

    @Test
    void shouldStartAgainWhenReset() throws IOException
    {
        final PcapReplay replay = PcapReplay.atSpeed(1);
        try (PcapReader reader = reader(0, MS))
        {
            assertThat(replay.poll(reader, recorder, START_NS, 100)).isEqualTo(1);
            assertThat(replay.poll(reader, recorder, START_NS + MS, 100)).isEqualTo(1);
        }
        replay.reset();
        try (PcapReader reader = reader(0, MS))
        {
            assertThat(replay.poll(reader, recorder, 5 * START_NS, 100)).isEqualTo(1);
            assertThat(replay.poll(reader, recorder, 5 * START_NS + MS - 1, 100)).isZero();
        }
    }

    @Test
    void shouldRejectSpeedWhenNotPositive()
    {
        for (final double speed : new double[] { 0, -1, Double.NaN, Double.NEGATIVE_INFINITY })
        {
            assertThatThrownBy(() -> PcapReplay.atSpeed(speed)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(PcapReplay.atSpeed(Double.POSITIVE_INFINITY).dueOffsetNs(Long.MAX_VALUE)).isZero();
    }

    @Test
    void shouldNeverDeliverEarlyNorLateWhenRealCaptureIsReplayedAtTenTimesPace() throws IOException
    {
        final Path capture = PcapReaderCaptureTest.DATA.resolve("Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap");
        assumeTrue(Files.isRegularFile(capture), "no CME capture at " + capture);
        final long stepNs = 50_000;
        final long[] clock = { START_NS };
        final long[] first = { Long.MIN_VALUE };
        final long[] worst = { 0, 0 };   // earliest (negative) and latest delivery relative to due
        final PacketHandler pacer = (timestampNs, srcIp, srcPort, dstIp, dstPort, buffer, offset, length) ->
        {
            if (Long.MIN_VALUE == first[0])
            {
                first[0] = timestampNs;
            }
            final long dueNs = START_NS + Math.max(0, (timestampNs - first[0]) / 10);
            worst[0] = Math.min(worst[0], clock[0] - dueNs);
            worst[1] = Math.max(worst[1], clock[0] - dueNs);
        };

        long delivered = 0;
        try (PcapReader reader = new PcapReader(capture, counters))
        {
            final PcapReplay replay = PcapReplay.atSpeed(10);
            while (!reader.isDone())
            {
                delivered += replay.poll(reader, pacer, clock[0], 64);
                clock[0] += stepNs;
            }
        }

        assertThat(delivered).isEqualTo(10_000);
        assertThat(worst[0]).isGreaterThanOrEqualTo(0);
        assertThat(worst[1]).isLessThan(stepNs);
        // 303.57 s captured, at ten times the pace.
        assertThat(clock[0] - START_NS).isBetween(30_300_000_000L, 30_400_000_000L);
    }

    private PcapReader reader(final long... offsetsNs) throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
        for (int i = 0; i < offsetsNs.length; i++)
        {
            writer.record(T0_NS + offsetsNs[i], Frames.udp(Frames.payload(i, 16)).ethernet());
        }
        return new PcapReader(writer.writeTo(Files.createTempFile(dir, "replay", ".pcap")), counters);
    }
}
