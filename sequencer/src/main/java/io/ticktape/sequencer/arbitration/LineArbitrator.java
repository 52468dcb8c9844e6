package io.ticktape.sequencer.arbitration;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;

/**
 * Arbitrates the lines of one channel by line sequence number.
 * <ul>
 *     <li>The expected number, from any line, is passed on at once, then whatever the window holds in order after
 *     it. A number below the expected one is a copy (usually line B's) and is dropped and counted.</li>
 *     <li>A number ahead of the expected one waits, copied into a preallocated slot, in a window of
 *     {@code windowPackets} numbers; its second copy is dropped.</li>
 *     <li>When the oldest waiting packet has waited {@code windowNs}, or a packet arrives too far ahead for the
 *     window, the numbers still missing before it are declared a gap ({@link ChannelListener#onGap}) and the window
 *     moves on: nothing behind a declared gap is passed on later.</li>
 *     <li>Number 1 arriving when far more is expected is a sequence reset (CME resets MsgSeqNum at the start of the
 *     week): the window is flushed (its holes declared) and arbitration restarts at 1.</li>
 *     <li>No packet for {@code staleNs}: the channel is reported stale once, and active again on its next packet.</li>
 * </ul>
 * Allocation free after construction; owned by the feed thread.
 */
public final class LineArbitrator
{
    private final int channelId;
    private final int capacity;
    private final int mask;
    private final int maxPacketLength;
    private final long windowNs;
    private final long staleNs;
    private final ChannelListener listener;
    private final UnsafeBuffer slots;
    private final UnsafeBuffer delivery = new UnsafeBuffer(0, 0);
    private final boolean[] occupied;
    private final long[] slotLineSeq;
    private final int[] slotLength;
    private final long[] slotReceiveNs;

    private final AtomicCounter packets;
    private final AtomicCounter passed;
    private final AtomicCounter duplicates;
    private final AtomicCounter reordered;
    private final AtomicCounter gaps;
    private final AtomicCounter gapPackets;
    private final AtomicCounter resets;
    private final AtomicCounter staleEvents;

    private boolean started;
    private long expected;
    private int waiting;
    private long lastPacketNs;
    private boolean stale;

    /**
     * @param channelId       the channel.
     * @param windowPackets   how many numbers ahead of the expected one may wait (a power of two).
     * @param windowNs        how long a packet waits for the numbers before it.
     * @param staleNs         silence after which the channel is reported stale; 0 never.
     * @param maxPacketLength longest packet the window can hold; a longer one that would have to wait flushes it.
     * @param listener        told of gaps and status changes.
     * @param counters        where the channel's counters live ({@code arbiter.<channel>.*}).
     */
    public LineArbitrator(
        final int channelId,
        final int windowPackets,
        final long windowNs,
        final long staleNs,
        final int maxPacketLength,
        final ChannelListener listener,
        final Counters counters)
    {
        if (Integer.bitCount(windowPackets) != 1)
        {
            throw new IllegalArgumentException("windowPackets must be a power of two: " + windowPackets);
        }
        this.channelId = channelId;
        this.capacity = windowPackets;
        this.mask = windowPackets - 1;
        this.maxPacketLength = maxPacketLength;
        this.windowNs = windowNs;
        this.staleNs = staleNs;
        this.listener = listener;
        this.slots = new UnsafeBuffer(ByteBuffer.allocateDirect(windowPackets * maxPacketLength));
        this.occupied = new boolean[windowPackets];
        this.slotLineSeq = new long[windowPackets];
        this.slotLength = new int[windowPackets];
        this.slotReceiveNs = new long[windowPackets];
        final String prefix = "arbiter." + channelId;
        packets = counters.newCounter(prefix + ".packets");
        passed = counters.newCounter(prefix + ".passed");
        duplicates = counters.newCounter(prefix + ".duplicates");
        reordered = counters.newCounter(prefix + ".reordered");
        gaps = counters.newCounter(prefix + ".gaps");
        gapPackets = counters.newCounter(prefix + ".gap_packets");
        resets = counters.newCounter(prefix + ".resets");
        staleEvents = counters.newCounter(prefix + ".stale");
    }

    /**
     * One packet from any line of the channel.
     *
     * @param buffer    holding it.
     * @param offset    where it starts.
     * @param length    its bytes.
     * @param lineSeq   its line sequence number.
     * @param receiveNs when it arrived.
     * @param decoder   where packets are passed on, in order.
     */
    public void onPacket(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long lineSeq,
        final long receiveNs,
        final PacketDecoder decoder)
    {
        packets.incrementRelease();
        if (stale)
        {
            stale = false;
            listener.onChannelStatus(channelId, false, expected - 1, receiveNs - lastPacketNs);
        }
        lastPacketNs = receiveNs;
        if (!started)
        {
            started = true;
            expected = lineSeq;
        }
        else if (lineSeq == 1 && Long.compareUnsigned(expected, capacity + 1) > 0)
        {
            resets.incrementRelease();
            while (waiting > 0)
            {
                flushTo(firstWaiting(), receiveNs, decoder);
            }
            expected = 1;
            listener.onReset(channelId);
        }

        if (lineSeq == expected)
        {
            pass(buffer, offset, length, receiveNs, decoder);
            drain(decoder);
            return;
        }
        if (Long.compareUnsigned(lineSeq, expected) < 0)
        {
            duplicates.incrementRelease();
            return;
        }

        final int slot = (int)lineSeq & mask;
        if (lineSeq - expected < capacity && occupied[slot] && slotLineSeq[slot] == lineSeq)
        {
            duplicates.incrementRelease();
            return;
        }
        if (lineSeq - expected >= capacity || length > maxPacketLength)
        {
            // It cannot wait: give up on the numbers it would have to wait for.
            final long newExpected = length > maxPacketLength ? lineSeq : lineSeq - capacity + 1;
            flushTo(newExpected, receiveNs, decoder);
            if (lineSeq == expected)
            {
                pass(buffer, offset, length, receiveNs, decoder);
                drain(decoder);
                return;
            }
        }
        reordered.incrementRelease();
        occupied[slot] = true;
        slotLineSeq[slot] = lineSeq;
        slotLength[slot] = length;
        slotReceiveNs[slot] = receiveNs;
        slots.putBytes(slot * maxPacketLength, buffer, offset, length);
        waiting++;
    }

    /**
     * Time passes: expire the window, detect silence. Call once per feed duty cycle.
     *
     * @param nowNs   the feed thread's clock.
     * @param decoder where packets released by an expired window are passed on.
     * @return work done (packets released, events raised).
     */
    public int onTimer(final long nowNs, final PacketDecoder decoder)
    {
        int work = 0;
        while (waiting > 0)
        {
            final long next = firstWaiting();
            if (nowNs - slotReceiveNs[(int)next & mask] < windowNs)
            {
                break;
            }
            // Every packet behind the next hole may have waited long enough too: keep going until one has not.
            work += waiting;
            flushTo(next, nowNs, decoder);
            work -= waiting;
        }
        if (staleNs > 0 && started && !stale && nowNs - lastPacketNs >= staleNs)
        {
            stale = true;
            staleEvents.incrementRelease();
            listener.onChannelStatus(channelId, true, expected - 1, nowNs - lastPacketNs);
            work++;
        }
        return work;
    }

    /**
     * The lines have ended (end of a capture): nothing can fill a hole any more, so what waits is passed on and the
     * holes before it declared. Unlike {@link #onTimer}, says nothing about silence.
     *
     * @param nowNs   the feed thread's clock, for the gaps' detection time.
     * @param decoder where the waiting packets are passed on.
     * @return packets passed on.
     */
    public int onEndOfStream(final long nowNs, final PacketDecoder decoder)
    {
        final int before = waiting;
        while (waiting > 0)
        {
            flushTo(firstWaiting(), nowNs, decoder);
        }
        return before;
    }

    /**
     * @return the next line sequence number the channel expects.
     */
    public long expected()
    {
        return expected;
    }

    /**
     * @return the channel.
     */
    public int channelId()
    {
        return channelId;
    }

    private long firstWaiting()
    {
        for (long seq = expected + 1, end = expected + capacity; seq != end; seq++)
        {
            final int slot = (int)seq & mask;
            if (occupied[slot] && slotLineSeq[slot] == seq)
            {
                return seq;
            }
        }
        return expected + capacity;
    }

    /**
     * Move the expected number up to {@code newExpected}: pass on what waits in order, declare the holes.
     */
    private void flushTo(final long newExpected, final long nowNs, final PacketDecoder decoder)
    {
        long gapStart = -1;
        while (Long.compareUnsigned(expected, newExpected) < 0)
        {
            final int slot = (int)expected & mask;
            if (occupied[slot] && slotLineSeq[slot] == expected)
            {
                if (gapStart != -1)
                {
                    declareGap(gapStart, expected - 1, nowNs);
                    gapStart = -1;
                }
                passWaiting(slot, decoder);
            }
            else
            {
                if (gapStart == -1)
                {
                    gapStart = expected;
                }
                if (0 == waiting)
                {
                    // Nothing waits beyond: the rest of the range is one hole.
                    expected = newExpected;
                    break;
                }
                expected++;
            }
        }
        if (gapStart != -1)
        {
            declareGap(gapStart, expected - 1, nowNs);
        }
        drain(decoder);
    }

    private void declareGap(final long from, final long to, final long nowNs)
    {
        gaps.incrementRelease();
        gapPackets.getAndAddRelease(to - from + 1);
        listener.onGap(channelId, from, to, nowNs);
    }

    private void drain(final PacketDecoder decoder)
    {
        while (waiting > 0)
        {
            final int slot = (int)expected & mask;
            if (!occupied[slot] || slotLineSeq[slot] != expected)
            {
                return;
            }
            passWaiting(slot, decoder);
        }
    }

    private void passWaiting(final int slot, final PacketDecoder decoder)
    {
        occupied[slot] = false;
        waiting--;
        delivery.wrap(slots, slot * maxPacketLength, slotLength[slot]);
        pass(delivery, 0, slotLength[slot], slotReceiveNs[slot], decoder);
    }

    private void pass(
        final DirectBuffer buffer, final int offset, final int length, final long receiveNs, final PacketDecoder decoder)
    {
        expected++;
        passed.incrementRelease();
        decoder.onPacket(buffer, offset, length, receiveNs, channelId);
    }
}
