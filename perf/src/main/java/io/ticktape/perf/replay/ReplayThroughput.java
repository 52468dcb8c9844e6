package io.ticktape.perf.replay;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.ticktape.client.Streams;
import io.ticktape.perf.BenchDriver;
import io.ticktape.protocol.JvmFlags;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.replay.ReplayOptions;
import io.ticktape.replay.Replayer;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.ticktape.store.TickMessages;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.IoUtil;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Max-speed replay throughput, {@code bench replay}. One run:
 * <pre>
 *  this process                                                     subscriber process
 *  journal (Chronicle, on disk) -> Replayer -> offerBlock --Aeron IPC (embedded driver)--> poll, count, check seqs
 *  journal (Chronicle, on disk) -> plain tailer read loop (the ceiling: read and walk every tick, publish nothing)
 * </pre>
 * Writes a journal of N simulated trades and quotes once, then alternates, per round, the ceiling read loop and a
 * replay into the subscriber JVM (one for all rounds, started first: from the second round on it is warm, as a
 * trading system's would be); ticks per second for both, side by side. The replay figure is the subscriber's,
 * from its first tick to its last (all N received, dense global sequence numbers checked). Each round also reports
 * the minor page faults of the replaying thread, the read loop and the subscriber, and how often each side waited
 * for the other (the replayer back-pressured, the subscriber polling nothing new): the side that waits less is the
 * one that sets the rate.
 */
public final class ReplayThroughput
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ReplayThroughput()
    {
    }

    /**
     * @param args {@code [--ticks N] [--rounds R] [--channel C] [--dir D] [--pretouch] [--driver sleeping|spinning]}:
     *             {@code --pretouch} has both Aeron clients touch every page of the publication's log when they map
     *             it (no page fault per 4 KiB on the first pass over a fresh log); {@code --driver spinning} runs
     *             the embedded driver's shared thread busy-spinning, for a machine with a core to give it.
     * @param out  results.
     * @param err  errors.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        long ticks = 10_000_000;
        int rounds = 3;
        String channel = Streams.DEFAULT_CHANNEL;
        Path base = null;
        boolean preTouch = false;
        boolean spinningDriver = false;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--ticks":
                        ticks = Long.parseLong(args[++i]);
                        break;
                    case "--rounds":
                        rounds = Integer.parseInt(args[++i]);
                        break;
                    case "--channel":
                        channel = args[++i];
                        break;
                    case "--dir":
                        base = Path.of(args[++i]);
                        break;
                    case "--pretouch":
                        preTouch = true;
                        break;
                    case "--driver":
                        spinningDriver = "spinning".equals(args[++i]);
                        if (!spinningDriver && !"sleeping".equals(args[i]))
                        {
                            err.println("--driver must be sleeping or spinning: " + args[i]);
                            return 2;
                        }
                        break;
                    default:
                        err.println("usage: ticktape bench replay [--ticks N] [--rounds R] [--channel C] [--dir D] " +
                            "[--pretouch] [--driver sleeping|spinning]");
                        return 2;
                }
            }
            final Path dir = null == base ? Files.createTempDirectory("ticktape-replay-bench") :
                Files.createDirectories(base);
            try
            {
                return measure(dir, ticks, rounds, channel, preTouch, spinningDriver, out, err);
            }
            finally
            {
                IoUtil.delete(dir.toFile(), true);
            }
        }
        catch (final Exception ex)
        {
            err.println("ticktape bench replay: " + ex);
            return 1;
        }
    }

    private static int measure(final Path dir, final long ticks, final int rounds, final String channel,
        final boolean preTouch, final boolean spinningDriver, final PrintStream out, final PrintStream err)
        throws Exception
    {
        final Path data = dir.resolve("data");
        long startNs = System.nanoTime();
        write(data, ticks);
        out.printf(Locale.ROOT, "journal: %,d ticks written in %.1f s (%s)%n", ticks,
            (System.nanoTime() - startNs) / 1e9, data);

        final String shm = new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        final String aeronDir = shm + "/ticktape-replay-bench-" + ProcessHandle.current().pid();
        // For IPC the driver only sets up, moves the publication's limit and cleans consumed terms: sleeping between
        // duty cycles leaves two cores to the replayer and the subscriber (a backing-off driver, as bin/ticktape
        // replay embeds for UDP's sake, measured 10-20 % slower on 2 cores). With a core to spare, --driver spinning
        // keeps the limit moving and the terms clean without a millisecond's lag.
        try (MediaDriver driver = BenchDriver.launch(aeronDir,
                spinningDriver ? new BusySpinIdleStrategy() : new SleepingMillisIdleStrategy(1));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                .preTouchMappedMemory(preTouch));
            SubscriberProcess subscriber = new SubscriberProcess(aeronDir, ticks, preTouch, rounds))
        {
            for (int round = 1; round <= rounds; round++)
            {
                startNs = System.nanoTime();
                final long cpuStartNs = THREADS.getCurrentThreadCpuTime();
                final long faultsBefore = PageFaults.minorOfThisThread();
                final long read = readLoop(data);
                final long readFaults = PageFaults.minorOfThisThread() - faultsBefore;
                final double ceiling = read / ((System.nanoTime() - startNs) / 1e9);
                final double ceilingCpu = read / ((THREADS.getCurrentThreadCpuTime() - cpuStartNs) / 1e9);
                if (read != ticks)
                {
                    err.println("read loop saw " + read + " ticks, expected " + ticks);
                    return 1;
                }

                final Round replay = replay(aeron, channel, data, ticks, subscriber, err);
                if (null == replay)
                {
                    return 1;
                }
                out.printf(Locale.ROOT, "round %d: tailer read loop (ceiling) %,.0f ticks/s | replay -> Aeron IPC -> " +
                    "other process %,.0f ticks/s (publisher side %,.0f ticks/s) = %.0f%% of the ceiling%s%n", round,
                    ceiling, replay.subscriberRate, replay.replayerRate, 100 * replay.subscriberRate / ceiling,
                    1 == round ? " (the subscriber JVM's first)" : "");
                // Per CPU second of the reading thread: what each costs in itself on a machine shared with others.
                out.printf(Locale.ROOT, "         per CPU second of its thread: read loop %,.0f ticks | replayer " +
                    "%,.0f ticks (%.1f ns/tick) | subscriber %,.0f ticks (%.1f ns/tick); replayer thread allocated %,d " +
                    "bytes in all%n", ceilingCpu, replay.replayerCpuRate, 1e9 / replay.replayerCpuRate,
                    replay.subscriberCpuRate, 1e9 / replay.subscriberCpuRate, replay.replayerAllocated);
                out.printf(Locale.ROOT, "         minor page faults per 1,000 ticks: read loop %.1f | replayer %.1f | " +
                    "subscriber %.1f; waiting: replayer back-pressured %,d duty cycles, subscriber found nothing " +
                    "new %,d polls%n", 1000.0 * readFaults / ticks, 1000.0 * replay.replayerFaults / ticks,
                    1000.0 * replay.subscriberFaults / ticks, replay.replayerIdleCycles, replay.subscriberEmptyPolls);
            }
        }
        return 0;
    }

    /**
     * One replay's figures: rates in ticks per second, of wall time (the subscriber's first tick to its last; the
     * replayer's start to its end) and of each thread's CPU time.
     */
    private record Round(
        double subscriberRate,
        double replayerRate,
        double replayerCpuRate,
        double subscriberCpuRate,
        long replayerAllocated,
        long replayerFaults,
        long replayerIdleCycles,
        long subscriberFaults,
        long subscriberEmptyPolls)
    {
    }

    private static Round replay(final Aeron aeron, final String channel, final Path data, final long ticks,
        final SubscriberProcess subscriber, final PrintStream err) throws Exception
    {
        try (ExclusivePublication publication = aeron.addExclusivePublication(channel, Streams.REPLAY_STREAM_ID);
            Replayer replayer = new Replayer(Journal.open(data, "FAST_DAILY", true),
                new ReplayOptions().definitions(false), publication, SystemNanoClock.INSTANCE))
        {
            while (!publication.isConnected())
            {
                Thread.onSpinWait();
            }
            final NoOpIdleStrategy idle = NoOpIdleStrategy.INSTANCE;
            final long startNs = System.nanoTime();
            final long cpuStartNs = THREADS.getCurrentThreadCpuTime();
            final long allocatedBefore = allocatedBytes();
            final long faultsBefore = PageFaults.minorOfThisThread();
            long idleCycles = 0;
            while (!replayer.isDone())
            {
                final int work = replayer.doWork();
                if (0 == work)
                {
                    idleCycles++;
                }
                idle.idle(work);
            }
            final long faults = PageFaults.minorOfThisThread() - faultsBefore;
            final long allocated = allocatedBytes() - allocatedBefore;
            final double replayerRate = replayer.ticks() / ((System.nanoTime() - startNs) / 1e9);
            final double replayerCpuRate = replayer.ticks() / ((THREADS.getCurrentThreadCpuTime() - cpuStartNs) / 1e9);
            final String result = subscriber.nextResult();
            final String[] parts = null == result ? new String[0] : result.split(" ");
            if (parts.length != 14 || !"0".equals(parts[7]) || Long.parseLong(parts[1]) != ticks)
            {
                err.println("subscriber: " + result);
                return null;
            }
            final long firstNs = Long.parseLong(parts[3]);
            final long lastNs = Long.parseLong(parts[5]);
            return new Round(ticks / ((lastNs - firstNs) / 1e9), replayerRate, replayerCpuRate,
                ticks / (Long.parseLong(parts[9]) / 1e9), allocated, faults, idleCycles, Long.parseLong(parts[11]),
                Long.parseLong(parts[13]));
        }
    }

    /**
     * The subscriber JVM, one for all the rounds as a trading system's would be: warm after the first.
     */
    private static final class SubscriberProcess implements AutoCloseable
    {
        private final Process process;
        private final BufferedReader lines;

        SubscriberProcess(final String aeronDir, final long ticks, final boolean preTouch, final int rounds)
            throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JvmFlags.flags());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ReplaySubscriberMain.class.getName());
            command.add(aeronDir);
            command.add(Long.toString(ticks));
            command.add(Boolean.toString(preTouch));
            command.add(Integer.toString(rounds));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            final String ready = lines.readLine();
            if (!"ready".equals(ready))
            {
                close();
                throw new IOException("subscriber did not start: " + ready);
            }
        }

        String nextResult() throws IOException
        {
            return lines.readLine();
        }

        @Override
        public void close() throws IOException
        {
            process.destroy();
            lines.close();
        }
    }

    private static long allocatedBytes()
    {
        // HotSpot's per-thread allocation counter: the replay loop's own garbage, whatever the other threads do.
        return THREADS instanceof com.sun.management.ThreadMXBean ?
            ((com.sun.management.ThreadMXBean)THREADS).getThreadAllocatedBytes(Thread.currentThread().getId()) : -1;
    }

    /**
     * The ceiling: a plain tailer over the journal, walking every tick message of every excerpt in place.
     */
    static long readLoop(final Path data)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        long count = 0;
        long checksum = 0;
        try (ChronicleQueue queue = Journal.open(data, "FAST_DAILY", true);
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int length = (int)bytes.readRemaining();
                    buffer.wrap(bytes.addressForRead(bytes.readPosition()), length);
                    int position = 0;
                    while (position < length)
                    {
                        final int messageLength = TickMessages.length(buffer, position, length - position);
                        if (messageLength <= 0)
                        {
                            break;
                        }
                        checksum += TickMessages.globalSeq(buffer, position);
                        position += messageLength;
                        count++;
                    }
                }
            }
        }
        return 0 == checksum ? -1 : count;
    }

    static void write(final Path data, final long ticks)
    {
        final SplittableRandom random = new SplittableRandom(42);
        try (TickJournal journal = new TickJournal(Journal.open(data, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            final Tick tick = new Tick();
            long timeNs = 1_767_623_400_000_000_000L;
            for (long seq = 1; seq <= ticks; seq++)
            {
                timeNs += random.nextInt(8_000);
                tick.globalSeq = seq;
                tick.channelId = 1;
                tick.lineSeq = seq;
                tick.receiveNs = seq;
                tick.sequencedNs = seq;
                tick.instrumentId = random.nextInt(50);
                tick.exchangeTimeNs = timeNs;
                if (random.nextInt(4) == 0)
                {
                    tick.type = TickType.TRADE;
                    tick.priceMantissa = 450_000 + random.nextInt(100);
                    tick.size = 1 + random.nextInt(50);
                    tick.tradeId = seq;
                }
                else
                {
                    tick.type = TickType.QUOTE;
                    tick.bidPriceMantissa = 449_950 + random.nextInt(50);
                    tick.bidSize = 1 + random.nextInt(500);
                    tick.askPriceMantissa = 450_050 + random.nextInt(50);
                    tick.askSize = 1 + random.nextInt(500);
                }
                journal.append(tick, false); // full batches of 64, as a busy engine writes them
            }
        }
    }
}
