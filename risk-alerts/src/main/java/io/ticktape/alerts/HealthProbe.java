package io.ticktape.alerts;

/**
 * The engine's health, as the system-health rules read it on their timer thread. Implementations read counters and
 * histograms that their writers publish with release semantics; nothing here runs on the kernel thread.
 */
public interface HealthProbe
{
    /**
     * @param stage a stage name ({@code kernel}: frame receipt to kernel done).
     * @return its latency p99 over the interval since the previous call, in microseconds; NaN when nothing was
     * recorded.
     */
    double stageLatencyP99Us(String stage);

    /**
     * @param consumer a ring consumer ({@code kernel}, {@code journal}, {@code publisher}) or {@code max}.
     * @return ticks sequenced that it has not processed yet.
     */
    long ringBacklog(String consumer);

    /**
     * @return frames dropped so far (cumulative).
     */
    long droppedFrames();

    /**
     * @return malformed frames so far (cumulative).
     */
    long malformedFrames();

    /**
     * @return the global sequence of the last tick the kernel processed.
     */
    long lastGlobalSeq();
}
