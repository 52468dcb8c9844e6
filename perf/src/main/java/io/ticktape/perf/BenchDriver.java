package io.ticktape.perf;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.IdleStrategy;

/**
 * The embedded media driver every Aeron benchmark runs: one shared thread (a benchmark's threads, not the driver's,
 * are what is measured), its directory made fresh and removed afterwards.
 */
public final class BenchDriver
{
    private BenchDriver()
    {
    }

    /**
     * @param aeronDir   the driver's directory, deleted on start and on close.
     * @param sharedIdle how the driver's one thread waits between duty cycles.
     * @return the running driver; close it.
     */
    public static MediaDriver launch(final String aeronDir, final IdleStrategy sharedIdle)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(sharedIdle)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }
}
