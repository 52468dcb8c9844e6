package io.ticktape.sequencer.arbitration;

/**
 * How channels are arbitrated.
 *
 * @param windowPackets   numbers that may wait ahead of a missing one (power of two).
 * @param windowNs        how long they wait for it before it is declared lost.
 * @param staleNs         silence after which a channel is reported stale (0: never).
 * @param maxPacketLength longest packet the window holds.
 */
public record ArbitrationConfig(int windowPackets, long windowNs, long staleNs, int maxPacketLength)
{
    /**
     * Checks the values.
     */
    public ArbitrationConfig
    {
        if (windowPackets < 1 || Integer.bitCount(windowPackets) != 1)
        {
            throw new IllegalArgumentException("arbitration window must be a power of two packets: " + windowPackets);
        }
        if (windowNs < 0 || staleNs < 0)
        {
            throw new IllegalArgumentException("arbitration times must not be negative");
        }
        if (maxPacketLength < 64 || (long)maxPacketLength * windowPackets > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("maxPacketLength must be at least 64 and the window under 2 GiB: " +
                maxPacketLength);
        }
    }
}
