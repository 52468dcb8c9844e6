/**
 * Ticktape's wire contract: the SBE schema's generated codecs ({@code io.ticktape.protocol.sbe}), the normalized
 * {@link io.ticktape.protocol.tick.Tick} that travels on the ring, and the codec between the two.
 */
package io.ticktape.protocol;
