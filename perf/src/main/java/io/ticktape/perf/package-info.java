/**
 * Ticktape's benchmarks: JMH micro-benchmarks of the hot path, packaged with their dependencies into one runnable
 * jar, {@code perf/target/ticktape-perf.jar}, started by {@code bin/ticktape bench} through {@link
 * io.ticktape.perf.BenchMain}.
 * <p>
 * Every benchmark state allocates all it needs in set-up and feeds recorded simulator data in a loop, moved on
 * by one lap each time round so that line sequences, global sequences and exchange times never go backwards.
 * Run with {@code -prof gc} to check that the measured path allocates nothing.
 */
package io.ticktape.perf;
