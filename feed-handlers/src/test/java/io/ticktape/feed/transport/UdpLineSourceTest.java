package io.ticktape.feed.transport;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real sockets on loopback: frames sent on UDP arrive decoded, in order, with their line sequence numbers.
 */
class UdpLineSourceTest
{
    private static final int FRAMES = 2_000;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryDatagramSentOnLoopback() throws Exception
    {
        final Counters counters = new Counters();
        final List<Long> lineSeqs = new ArrayList<>();
        final long[] ticks = { 0 };
        final MarketDataHandler handler = new MarketDataHandler()
        {
            @Override
            public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long rxNs)
            {
                lineSeqs.add(lineSeq);
                return true;
            }

            @Override
            public void onTick(final Tick tick)
            {
                ticks[0]++;
            }
        };
        final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(handler, counters, "feed.test");
        try (UdpLineSource line = new UdpLineSource("test.A", new InetSocketAddress("127.0.0.1", 0), null, 1 << 20,
                7, SystemNanoClock.INSTANCE, counters);
            DatagramChannel sender = DatagramChannel.open())
        {
            final InetSocketAddress target = new InetSocketAddress("127.0.0.1", line.localPort());
            final MarketSimulator simulator = new MarketSimulator(3, 10, 100_000, 7, MarketSimulator.DEFAULT_START_NS);
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(MarketSimulator.maxFrameLength()));
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; i < FRAMES; i++)
            {
                final int length = simulator.nextFrame(frame, 0);
                final ByteBuffer datagram = frame.byteBuffer().duplicate();
                datagram.limit(length).position(0);
                sender.send(datagram, target);
                // Drain as we go so the socket buffer never overflows on a loaded machine.
                line.poll((b, o, l, rx, ch) -> decoder.onFrame(b, o, l, rx), 64);
            }
            while (lineSeqs.size() < FRAMES && System.nanoTime() < deadlineNs)
            {
                if (0 == line.poll((b, o, l, rx, ch) -> decoder.onFrame(b, o, l, rx), 64))
                {
                    Thread.onSpinWait();
                }
            }
            assertThat(lineSeqs).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++)
            {
                assertThat(lineSeqs.get(i)).isEqualTo(i + 1L);
            }
            assertThat(ticks[0]).isEqualTo(simulator.messagesGenerated());
            assertThat(counters.value("udp.test.A.packets")).isEqualTo(FRAMES);
            assertThat(counters.value("udp.test.A.malformed.oversized")).isZero();
        }
    }

    @Test
    void shouldNameTheEndpointWhenTheLineCannotBind() throws Exception
    {
        final Counters counters = new Counters();
        try (DatagramChannel taken = DatagramChannel.open())
        {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();
            // A unicast bind to a port in use by a socket without SO_REUSEADDR fails on Linux.
            assertThatThrownBy(() -> new UdpLineSource("busy", new InetSocketAddress("192.0.2.1", port), null, 0, 1,
                SystemNanoClock.INSTANCE, counters))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot open UDP line busy 192.0.2.1:" + port);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldReceiveMulticastWhereTheHostRoutesIt() throws Exception
    {
        final NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        assumeTrue(null != loopback && loopback.supportsMulticast(), "loopback has no multicast here");
        final Counters counters = new Counters();
        final InetSocketAddress group = new InetSocketAddress("239.255.77.1", 0);
        try (UdpLineSource line = new UdpLineSource("mc", group, loopback, 0, 1, SystemNanoClock.INSTANCE, counters);
            DatagramChannel sender = DatagramChannel.open())
        {
            sender.setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF, loopback);
            sender.setOption(java.net.StandardSocketOptions.IP_MULTICAST_LOOP, true);
            final int[] got = { 0 };
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (got[0] == 0 && System.nanoTime() < deadlineNs)
            {
                sender.send(ByteBuffer.wrap(new byte[]{ 1, 2, 3 }),
                    new InetSocketAddress(group.getAddress(), line.localPort()));
                Thread.sleep(10);
                line.poll((b, o, l, rx, ch) ->
                {
                    got[0] = l;
                    return 0;
                }, 10);
            }
            assumeTrue(got[0] > 0, "multicast on loopback is not routed on this host");
            assertThat(got[0]).isEqualTo(3);
        }
    }
}
