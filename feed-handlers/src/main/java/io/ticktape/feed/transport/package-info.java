/**
 * Where packets come from: UDP lines (unicast or multicast, lines A and B), Aeron subscriptions, capture files.
 * Every source is polled from the one feed thread that drives the sequencer, so the ring keeps a single producer.
 */
package io.ticktape.feed.transport;
