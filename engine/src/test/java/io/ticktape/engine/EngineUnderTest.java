package io.ticktape.engine;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.Streams;
import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-up of the end-to-end engine tests: a media driver of the test's own, a collector subscribed to the ticks and
 * analytics streams on a thread of its own (as a trading system would be), and an engine configuration that writes
 * under the test's folder and waits for those subscribers.
 */
final class EngineUnderTest implements AutoCloseable
{
    final EngineConfig config = new EngineConfig();
    private final MediaDriver driver;
    private final Aeron aeron;
    private final Subscription ticks;
    private final Subscription analytics;
    private final PollingCollector collector;
    private final Thread poller;

    /**
     * @param dir       the test's folder: the driver goes in {@code aeron} below it.
     * @param dataDir   the engine's data directory.
     * @param collector what the subscriber collects.
     */
    EngineUnderTest(final Path dir, final Path dataDir, final PollingCollector collector)
    {
        final String aeronDir = dir.resolve("aeron").toString();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        ticks = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.TICKS_STREAM_ID);
        analytics = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.ANALYTICS_STREAM_ID);
        this.collector = collector;
        poller = new Thread(() -> collector.pollUntilStopped(ticks, analytics), "test-subscriber");
        poller.start();
        config.dataDir = dataDir.toString();
        config.aeronDir = aeronDir;
        config.awaitSubscribersTimeout = "10s";
    }

    /**
     * Launch the engine on {@link #config}, let the simulator reach its message limit, drain and close it, then wait
     * until the collector has received everything the engine published.
     *
     * @param timeoutNs longest wait for the feed, and again for the collector.
     * @return the engine's counters at the end.
     * @throws InterruptedException if interrupted while waiting.
     */
    Map<String, Long> runFeedToEnd(final long timeoutNs) throws InterruptedException
    {
        final TicktapeEngine engine = TicktapeEngine.launch(config);
        try
        {
            Await.until(engine::feedDone, timeoutNs, TimeUnit.NANOSECONDS);
            assertThat(engine.feedDone()).as("simulator reached its message limit").isTrue();
            assertThat(engine.stopFeedAndDrain(60_000)).isTrue();
        }
        finally
        {
            engine.close();
        }
        final Map<String, Long> counters = engine.counters().snapshot();
        final long published = counters.get("publisher.ticks.published") +
            counters.get("publisher.analytics.published");
        Await.until(() -> collector.received() >= published, timeoutNs, TimeUnit.NANOSECONDS);
        stopCollector();
        return counters;
    }

    /**
     * Stop the collector's thread; what it collected stays readable.
     *
     * @throws InterruptedException if interrupted while it stops.
     */
    void stopCollector() throws InterruptedException
    {
        collector.stop();
        poller.join();
    }

    @Override
    public void close()
    {
        try
        {
            stopCollector();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            CloseHelper.closeAll(analytics, ticks, aeron, driver);
        }
    }
}
