/**
 * Feed handlers: decode exchange frames into normalized {@link io.ticktape.protocol.tick.Tick}s, frame by frame,
 * counting and skipping anything malformed.
 */
package io.ticktape.feed;
