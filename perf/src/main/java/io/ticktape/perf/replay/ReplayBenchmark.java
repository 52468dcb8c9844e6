package io.ticktape.perf.replay;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.ticktape.perf.BenchDriver;
import io.ticktape.replay.ReplayOptions;
import io.ticktape.replay.Replayer;
import io.ticktape.store.Journal;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CPU cost of a max-speed replay per tick, without a second thread to wait for: {@code replay} replays a
 * journal of {@value #TICKS} ticks into an Aeron IPC publication and polls its subscriber in the same thread, so one
 * operation is one tick read, framed, written into the term and read back by a subscriber; {@code readLoop} is the
 * plain tailer read loop over the same journal (the ceiling, {@link ReplayThroughput#readLoop}). The media driver
 * (embedded, shared, backing off) only moves the limit and cleans the terms. {@code bench replay} measures the
 * throughput across processes; this measures where the replaying thread's time goes, steadily enough for
 * {@code -prof gc} and for comparing two versions of the replayer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class ReplayBenchmark
{
    static final int TICKS = 1_000_000;
    private static final int STREAM_ID = 1099;

    /**
     * Replay the journal once, the subscriber polled in this thread.
     *
     * @param state the journal, the publication and its subscriber.
     * @return ticks the subscriber received.
     */
    @Benchmark
    @OperationsPerInvocation(TICKS)
    public long replay(final ReplayState state)
    {
        state.received = 0;
        try (Replayer replayer = new Replayer(Journal.open(state.data, "FAST_DAILY", true),
            new ReplayOptions().definitions(false), state.publication, SystemNanoClock.INSTANCE))
        {
            while (!replayer.isDone())
            {
                replayer.doWork();
                state.subscription.poll(state.handler, 4096);
            }
        }
        while (state.received < TICKS)
        {
            state.subscription.poll(state.handler, 4096);
        }
        return state.received;
    }

    /**
     * The ceiling: read every tick of the journal in place, publish nothing.
     *
     * @param state the journal.
     * @return ticks read.
     */
    @Benchmark
    @OperationsPerInvocation(TICKS)
    public long readLoop(final ReplayState state)
    {
        return ReplayThroughput.readLoop(state.data);
    }

    /**
     * A journal of simulated ticks, a media driver, and an IPC publication with its subscriber.
     */
    @State(Scope.Benchmark)
    public static class ReplayState
    {
        File dir;
        Path data;
        MediaDriver driver;
        Aeron aeron;
        ExclusivePublication publication;
        Subscription subscription;
        long received;
        long checksum;
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            checksum += buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            received++;
        };

        /**
         * Write the journal; start the driver, the publication and its subscriber.
         *
         * @throws Exception if the temporary directory cannot be made.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            dir = Files.createTempDirectory("ticktape-replay-jmh").toFile();
            data = dir.toPath().resolve("data");
            ReplayThroughput.write(data, TICKS);
            driver = BenchDriver.launch(new File(dir, "aeron").getPath(), new BackoffIdleStrategy());
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                .preTouchMappedMemory(true));
            publication = aeron.addExclusivePublication("aeron:ipc", STREAM_ID);
            subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
            while (!publication.isConnected())
            {
                Thread.yield();
            }
        }

        /**
         * Close Aeron and the driver, delete the directory.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            aeron.close();
            driver.close();
            IoUtil.delete(dir, true);
        }
    }
}
