package io.ticktape.perf;

import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import org.agrona.concurrent.SystemNanoClock;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The journal consumer alone: one decoded, sequenced tick appended to the {@link TickJournal}, which encodes it
 * into its batch and writes the batch as one Chronicle Queue excerpt every {@link TickJournal#MAX_BATCH} ticks (as
 * on a busy ring, where end of batch is rare). One operation is one tick.
 * <p>
 * The queue lives in a temporary directory under {@code java.io.tmpdir} (move it with
 * {@code -jvmArgsAppend -Djava.io.tmpdir=DIR}). Appending fills the disk at the rate it is measured, so every
 * iteration writes into a fresh queue that is deleted when the iteration ends, and the directory goes at the end
 * of the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Chronicle's append path is a lot of code for the JIT: on a busy machine three warm-up seconds are not enough.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class JournalAppendBenchmark
{
    /**
     * Append one tick.
     *
     * @param state the journal and its ticks.
     * @return global sequence of the tick appended.
     */
    @Benchmark
    public long append(final JournalState state)
    {
        final Tick tick = state.ticks.next();
        state.journal.append(tick, false);
        return tick.globalSeq;
    }

    /**
     * A journal over a queue in a temporary directory, and a lap of ticks to append.
     */
    @State(Scope.Thread)
    public static class JournalState
    {
        private static final int INSTRUMENTS = 16;

        Path root;
        Counters counters;
        TickJournal journal;
        TickTape ticks;
        private int iteration;

        /**
         * Decode the ticks and make the temporary directory.
         *
         * @throws IOException if the directory cannot be made.
         */
        @Setup(Level.Trial)
        public void setUpTrial() throws IOException
        {
            final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(INSTRUMENTS);
            FrameTape.feedDefinitions(simulator, INSTRUMENTS, new TicktapeFeedDecoder(
                new TickTape.TickHandler((tick) -> {}), new Counters(), "feed.bench"));
            final FrameTape tape = new FrameTape(simulator, DecodeToKernelBenchmark.FRAMES);
            ticks = new TickTape(tape, 1);
            root = Files.createTempDirectory("ticktape-journal-bench");
        }

        /**
         * Open a fresh queue for the iteration.
         */
        @Setup(Level.Iteration)
        public void openJournal()
        {
            final Path dataDir = root.resolve("iteration-" + iteration++);
            counters = new Counters();
            journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), SystemNanoClock.INSTANCE, counters);
        }

        /**
         * Close the iteration's queue and delete its files.
         */
        @TearDown(Level.Iteration)
        public void closeJournal()
        {
            journal.close();
            journal = null;
            deleteContents(root);
        }

        /**
         * Delete the temporary directory.
         *
         * @throws IOException if it cannot be deleted.
         */
        @TearDown(Level.Trial)
        public void tearDownTrial() throws IOException
        {
            deleteContents(root);
            Files.deleteIfExists(root);
        }

        private static void deleteContents(final Path dir)
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder())
                    .filter((path) -> !path.equals(dir))
                    .forEach(JournalState::delete);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        private static void delete(final Path path)
        {
            try
            {
                Files.delete(path);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
