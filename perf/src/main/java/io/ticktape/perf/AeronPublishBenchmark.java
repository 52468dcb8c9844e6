package io.ticktape.perf;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.ticktape.client.PublicationProxy;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * The publisher consumer's work for one tick, as the engine's {@code TickPublisher} does it: encode the tick as its
 * SBE message and offer it through a {@link PublicationProxy} to an Aeron IPC {@link ExclusivePublication}, with a
 * real embedded media driver and a subscriber draining the stream on its own thread (so that the publication is
 * connected and is never back-pressured for long). {@code offer} measures the offer of an already encoded message.
 * One operation is one tick.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class AeronPublishBenchmark
{
    private static final int STREAM_ID = 1001;

    /**
     * Encode and publish one tick.
     *
     * @param state the publication and its ticks.
     * @return bytes offered.
     */
    @Benchmark
    public int encodeAndPublish(final PublishState state)
    {
        final Tick tick = state.next();
        final int length = state.codec.encode(tick, state.clock.nanoTime(), state.scratch, 0);
        state.proxy.offer(state.scratch, 0, length);
        return length;
    }

    /**
     * Offer one encoded message (the last tick's encoding, again).
     *
     * @param state the publication.
     * @return true if published.
     */
    @Benchmark
    public boolean offer(final PublishState state)
    {
        return state.proxy.offer(state.scratch, 0, state.encodedLength);
    }

    /**
     * A media driver, a publication with a draining subscriber, and a lap of ticks.
     */
    @State(Scope.Benchmark)
    public static class PublishState
    {
        final TickCodec codec = new TickCodec();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
        final SystemNanoClock clock = SystemNanoClock.INSTANCE;
        final Counters counters = new Counters();
        File dir;
        MediaDriver driver;
        Aeron aeron;
        ExclusivePublication publication;
        Subscription subscription;
        PublicationProxy proxy;
        TickTape ticks;
        Thread drainer;
        volatile boolean running;
        int encodedLength;

        /**
         * Start the driver, the publication and its subscriber; decode the ticks.
         *
         * @throws Exception if the temporary directory cannot be made.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            dir = Files.createTempDirectory("ticktape-aeron-bench").toFile();
            driver = BenchDriver.launch(new File(dir, "aeron").getPath(), new BackoffIdleStrategy());
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            publication = aeron.addExclusivePublication("aeron:ipc", STREAM_ID);
            subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
            while (!publication.isConnected())
            {
                Thread.yield();
            }
            proxy = new PublicationProxy(publication, new YieldingIdleStrategy(), clock,
                TimeUnit.SECONDS.toNanos(1), counters.newCounter("published"), counters.newCounter("dropped"),
                counters.newCounter("unsubscribed"));
            running = true;
            final FragmentHandler handler = (buffer, offset, length, header) -> { };
            drainer = new Thread(() ->
            {
                final YieldingIdleStrategy idle = new YieldingIdleStrategy();
                while (running)
                {
                    idle.idle(subscription.poll(handler, 256));
                }
            }, "bench-subscriber");
            drainer.setDaemon(true);
            drainer.start();

            final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(16);
            FrameTape.feedDefinitions(simulator, 16, new TicktapeFeedDecoder(
                new TickTape.TickHandler((tick) -> { }), new Counters(), "feed.bench"));
            ticks = new TickTape(new FrameTape(simulator, DecodeToKernelBenchmark.FRAMES), 1);
            encodedLength = codec.encode(ticks.tick(0), clock.nanoTime(), scratch, 0);
        }

        Tick next()
        {
            return ticks.next();
        }

        /**
         * Stop the subscriber, close Aeron and the driver, delete the directory.
         *
         * @throws InterruptedException if interrupted while joining the subscriber.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            running = false;
            drainer.join(TimeUnit.SECONDS.toMillis(10));
            aeron.close();
            driver.close();
            IoUtil.delete(dir, true);
            final long dropped = counters.value("dropped");
            if (dropped > 0)
            {
                System.out.println("aeron publish: " + dropped + " messages dropped on back pressure");
            }
        }
    }
}
