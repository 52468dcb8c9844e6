/**
 * Decoder for Ticktape's own SBE feed (schema {@code io.ticktape.protocol.sbe}).
 */
package io.ticktape.feed.ticktape;
