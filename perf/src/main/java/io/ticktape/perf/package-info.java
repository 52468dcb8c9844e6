/**
 * Ticktape's benchmarks: JMH micro-benchmarks of the hot path, packaged with their dependencies into one runnable
 * jar, {@code perf/target/ticktape-perf.jar}, started by {@code bin/ticktape bench} through {@link
 * io.ticktape.perf.BenchMain}; the latency harnesses, which are not JMH, are in {@link io.ticktape.perf.latency}.
 * <p>
 * Every benchmark state allocates all it needs in set-up and feeds recorded data in a loop, moved on by one lap each
 * time round where the code under test cares, so that line sequences, global sequences and exchange times never go
 * backwards. Each compares against a baseline measured in the same run (the raw decoder without arbitration, a naive
 * {@code ByteBuffer} decoder, the kernel alone). Run with {@code -prof gc} to check that the measured path allocates
 * nothing. Results and the commands that produced them: {@code docs/perf.md}.
 */
package io.ticktape.perf;
