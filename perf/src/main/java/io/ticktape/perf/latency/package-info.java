/**
 * Latency harnesses, separate from JMH: each warms up, offers load at a constant rate, records HdrHistogram
 * latencies corrected for coordinated omission, checks its own results and draws its thread topology in its javadoc.
 * {@link io.ticktape.perf.latency.RingHopLatency} is the first: one hop across the Disruptor ring, against an
 * {@code ArrayBlockingQueue} hand-off measured in the same run.
 */
package io.ticktape.perf.latency;
