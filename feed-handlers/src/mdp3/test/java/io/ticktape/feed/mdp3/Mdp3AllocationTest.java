package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.mdp3.Captures.Datagram;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding allocates nothing once every security has its book and every template its counter. Measured with
 * HotSpot's per-thread allocation counter over a whole pass of a real capture (10,000 packets, 20,546 messages):
 * the pass must allocate fewer bytes than it has packets. Any allocation per packet or per message would cost at
 * least 16 bytes each; the slack is for the JVM itself (a deoptimization rematerializing a few objects once).
 */
class Mdp3AllocationTest
{
    private static byte[] sink;

    @Test
    void shouldNotAllocateWhenDecodingKnownSecuritiesAgain()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        final com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean)threads;
        final List<Datagram> datagrams = Captures.read(Captures.require("Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap")).udp();
        final byte[][] packets = new byte[datagrams.size()][];
        for (int i = 0; i < packets.length; i++)
        {
            packets[i] = datagrams.get(i).payload();
        }
        final CountingHandler handler = new CountingHandler();
        final Mdp3PacketDecoder decoder = new Mdp3PacketDecoder(handler, new Counters(), "feed.cme");
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final long threadId = Thread.currentThread().getId();

        decodeAll(decoder, buffer, packets);
        final long ticksFirstPass = handler.ticks;
        decodeAll(decoder, buffer, packets);
        final long before = allocations.getThreadAllocatedBytes(threadId);
        decodeAll(decoder, buffer, packets);
        final long allocated = allocations.getThreadAllocatedBytes(threadId) - before;

        assertThat(ticksFirstPass).isPositive();
        assertThat(allocated).isLessThan(packets.length);
        // The counter does see allocations on this thread.
        final long check = allocations.getThreadAllocatedBytes(threadId);
        sink = new byte[4096];
        assertThat(allocations.getThreadAllocatedBytes(threadId) - check).isGreaterThanOrEqualTo(4096);
    }

    private static void decodeAll(final Mdp3PacketDecoder decoder, final UnsafeBuffer buffer, final byte[][] packets)
    {
        for (final byte[] packet : packets)
        {
            buffer.wrap(packet);
            decoder.onPacket(buffer, 0, packet.length, 0, 1);
        }
    }

    private static final class CountingHandler implements MarketDataHandler
    {
        private long ticks;

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            return true;
        }

        @Override
        public void onTick(final Tick tick)
        {
            ticks++;
        }
    }
}
