package io.ticktape.replay;

import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.NanoClock;

/**
 * Makes the analytics kernel a replay runs ticks through: the engine supplies one configured exactly as live
 * (bar intervals, session, operators), so replayed outputs equal live ones. Called again on a seek, which rebuilds
 * the kernel's state from the start of the journal.
 */
@FunctionalInterface
public interface KernelFactory
{
    /**
     * @param sink     where the kernel's outputs go.
     * @param clock    for the outputs' emittedNs (the only wall-clock field).
     * @param counters for the kernel's counters.
     * @return a new kernel, with no latency recorder (replayed ticks were received long ago).
     */
    AnalyticsKernel newKernel(AnalyticsSink sink, NanoClock clock, Counters counters);
}
