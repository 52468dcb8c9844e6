/**
 * The normalized tick: one mutable, preallocated object per ring slot, and its SBE codec.
 */
package io.ticktape.protocol.tick;
