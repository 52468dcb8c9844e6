package io.ticktape.perf.latency;

import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;

/**
 * One hand-off of {@link Tick} events from a producer thread to a consumer thread, the thing a harness measures.
 */
interface Hop
{
    /**
     * @return short name for reports and file names.
     */
    String name();

    /**
     * Hand one event over; producer thread only. Waits while the hop is full.
     *
     * @param index      the event's number, from 0.
     * @param intendedNs when it was meant to be sent (nanoTime), whatever the time now.
     */
    void publish(long index, long intendedNs);

    /**
     * The consumer thread's work: take events and hand them to the consumer until {@link #halt()}.
     */
    void consume();

    /**
     * Make {@link #consume()} return once nothing is left to take; call once every event was consumed.
     */
    void halt();

    /**
     * Fill an event as the producer does, the same way for every hop.
     *
     * @param tick       the event.
     * @param index      its number, carried in {@link Tick#globalSeq}.
     * @param intendedNs its intended send time, carried in {@link Tick#receiveNs}.
     */
    static void stamp(final Tick tick, final long index, final long intendedNs)
    {
        tick.type = TickType.TRADE;
        tick.globalSeq = index;
        tick.receiveNs = intendedNs;
        tick.exchangeTimeNs = intendedNs;
        tick.instrumentId = (int)(index & 63);
        tick.priceMantissa = index;
        tick.size = 1;
    }
}
