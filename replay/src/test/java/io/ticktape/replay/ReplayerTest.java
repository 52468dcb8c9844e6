package io.ticktape.replay;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.ReplayControlProxy;
import io.ticktape.client.Streams;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.ReplayAction;
import io.ticktape.protocol.sbe.ReplayState;
import io.ticktape.protocol.sbe.ReplayStatusDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.ticktape.store.TickMessages;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replayer on real parts: a journal written by {@link TickJournal} on disk, a real media driver, an Aeron IPC
 * subscriber. The test thread drives both the replayer and the subscriber, so every step is deterministic.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReplayerTest
{
    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;
    private final List<byte[]> received = new ArrayList<>();

    @BeforeEach
    void start()
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        publication = aeron.addExclusivePublication(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID);
        subscription = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID);
        awaitTrue(publication::isConnected);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(subscription, publication, aeron, driver);
    }

    @Test
    void shouldPublishEveryJournaledTickAsJournaledWithOnlyEmittedNsStampedAnew()
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 5_000);
        try (Replayer replayer = replayer(data, new ReplayOptions()))
        {
            runToEnd(replayer);
            assertThat(replayer.ticks()).isEqualTo(5_000);
            assertThat(replayer.corruptExcerpts()).isZero();
        }
        final List<byte[]> journaled = journaledMessages(data);
        assertThat(received).hasSize(journaled.size());
        final int emitted = TickMessages.emittedNsOffset();
        for (int i = 0; i < journaled.size(); i++)
        {
            final byte[] expected = journaled.get(i);
            final byte[] actual = received.get(i);
            assertThat(new UnsafeBuffer(actual).getLong(emitted, ByteOrder.LITTLE_ENDIAN)).isPositive();
            Arrays.fill(expected, emitted, emitted + Long.BYTES, (byte)0);
            Arrays.fill(actual, emitted, emitted + Long.BYTES, (byte)0);
            assertThat(actual).as("message %d", i).isEqualTo(expected);
        }
    }

    @Test
    void shouldNeverPublishJournaledTimersAndSeekPastThem()
    {
        final Path data = dir.resolve("data");
        final long timers = TestJournals.writeWithTimers(data, 1_000);
        final List<byte[]> journaled = journaledMessages(data);
        assertThat(journaled).hasSize((int)(1_000 + timers));

        // Every tick, in order, dense sequence numbers: the timers (repeating the last number) stay in the journal.
        replayAll(data, new ReplayOptions());
        assertThat(seqs()).containsExactlyElementsOf(range(1, 1_000));
        for (final byte[] message : received)
        {
            assertThat(TickCodec.isTimer(new UnsafeBuffer(message), 0)).isFalse();
        }

        // A start by sequence at a tick just before a timer that opens an excerpt, and at the tick after it.
        received.clear();
        replayAll(data, new ReplayOptions().from(ReplayPoint.seq(100)).to(ReplayPoint.seq(101)).definitions(false));
        assertThat(seqs()).containsExactly(100L, 101L);
        received.clear();
        replayAll(data, new ReplayOptions().from(ReplayPoint.seq(101)).to(ReplayPoint.seq(102)).definitions(false));
        assertThat(seqs()).containsExactly(101L, 102L);

        // By time: a timer's estimate is no tick time, so it neither starts nor ends a range.
        received.clear();
        replayAll(data, new ReplayOptions()
            .from(ReplayPoint.time(TestJournals.timeOf(100) + 1))
            .to(ReplayPoint.time(TestJournals.timeOf(110) + 1)).definitions(false));
        assertThat(seqs()).containsExactlyElementsOf(range(101, 110));
    }

    @Test
    void shouldStartAndEndBySequenceOrTimeAndKeepOnlyTheSymbolsAsked()
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 3_000);

        // By sequence: the definitions first (prices need their exponents), then exactly seq 1500..1700.
        replayAll(data, new ReplayOptions().from(ReplayPoint.seq(1500)).to(ReplayPoint.seq(1700)));
        assertThat(seqs()).containsExactlyElementsOf(concat(range(1, 3), range(1500, 1700)));

        // By time: the first tick at or after the time, up to the last at or before the end time.
        received.clear();
        replayAll(data, new ReplayOptions()
            .from(ReplayPoint.time(TestJournals.timeOf(2000) - 1))
            .to(ReplayPoint.time(TestJournals.timeOf(2100))));
        assertThat(seqs()).containsExactlyElementsOf(concat(range(1, 3), range(2000, 2100)));

        // Symbols: BBB (instrument 1) only, its definition included.
        received.clear();
        replayAll(data, new ReplayOptions().from(ReplayPoint.seq(1000)).symbols(Set.of("BBB")));
        final List<Long> expected = new ArrayList<>(List.of(2L));
        for (long seq = 1000; seq <= 3000; seq++)
        {
            if (seq % 3 == 1)
            {
                expected.add(seq);
            }
        }
        assertThat(seqs()).containsExactlyElementsOf(expected);

        // Without the definitions, a start goes straight to its excerpt (binary search, no scan).
        received.clear();
        replayAll(data, new ReplayOptions().from(ReplayPoint.seq(2999)).definitions(false));
        assertThat(seqs()).containsExactly(2999L, 3000L);
    }

    @Test
    void shouldReplayNothingForARangeOutsideTheJournalOrAnEmptyJournal()
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 500);
        final Replayer after = replayer(data, new ReplayOptions().from(ReplayPoint.seq(501)).definitions(false));
        runToEnd(after);
        assertThat(after.started()).isFalse();
        assertThat(after.ticks()).isZero();
        after.close();

        final Path empty = dir.resolve("empty");
        Journal.open(empty, "FAST_DAILY", false).close();
        final Replayer none = replayer(empty, new ReplayOptions());
        runToEnd(none);
        assertThat(none.ticks()).isZero();
        assertThat(JournalBounds.of(Journal.open(empty, "FAST_DAILY", true)).isEmpty()).isTrue();
        none.close();
        assertThat(received).isEmpty();

        try (ChronicleQueue queue = Journal.open(data, "FAST_DAILY", true))
        {
            final JournalBounds bounds = JournalBounds.of(queue);
            assertThat(bounds.firstSeq()).isEqualTo(1);
            assertThat(bounds.lastSeq()).isEqualTo(500);
            assertThat(bounds.firstTimeNs()).isEqualTo(TestJournals.timeOf(4));
            assertThat(bounds.lastTimeNs()).isEqualTo(TestJournals.timeOf(500));
            assertThat(bounds.isAfterEnd(ReplayPoint.seq(501))).isTrue();
            assertThat(bounds.isAfterEnd(ReplayPoint.time(TestJournals.timeOf(501)))).isTrue();
            assertThat(bounds.isBeforeStart(ReplayPoint.time(TestJournals.timeOf(3)))).isTrue();
            assertThat(bounds.isAfterEnd(ReplayPoint.seq(500))).isFalse();
        }
    }

    @Test
    void shouldNotRunAheadOfTheRecordedPace()
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 1_003); // 1000 ms of exchange time after the definitions
        final long startNs = System.nanoTime();
        try (Replayer replayer = replayer(data, new ReplayOptions().speed(ReplaySpeed.parse("5x"))))
        {
            runToEnd(replayer);
            assertThat(replayer.ticks()).isEqualTo(1_003);
        }
        // A lower bound only (this machine is shared and noisy): 996 ms of recorded time at 5x takes >= 199 ms.
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(190);
    }

    @Test
    void shouldCountATruncatedLastExcerptAndCarryOn()
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 1_000);
        // A crash tore the last excerpt: two whole ticks and the first half of a third.
        final TickCodec codec = new TickCodec();
        final UnsafeBuffer torn = new UnsafeBuffer(new byte[1024]);
        final Tick tick = new Tick();
        int length = 0;
        for (long seq = 1001; seq <= 1003; seq++)
        {
            TestJournals.fill(tick, seq);
            length += codec.encode(tick, 0, torn, length);
        }
        final int tornLength = length - 30;
        try (ChronicleQueue queue = Journal.open(data, "FAST_DAILY", false);
            ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(torn.byteArray(), 0, tornLength);
            }
        }
        // The engine restarted after the last whole tick and went on.
        try (TickJournal journal = new TickJournal(Journal.open(data, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            for (long seq = 1003; seq <= 1100; seq++)
            {
                TestJournals.append(journal, seq, tick, seq % 40 == 0);
            }
        }

        try (Replayer replayer = replayer(data, new ReplayOptions()))
        {
            runToEnd(replayer);
            assertThat(replayer.corruptExcerpts()).isEqualTo(1);
            assertThat(replayer.ticks()).isEqualTo(1_100);
            assertThat(replayer.lastSeq()).isEqualTo(1_100);
        }
        assertThat(seqs()).containsExactlyElementsOf(range(1, 1100));
    }

    @Test
    void shouldFollowAJournalStillBeingWrittenUntilTheEndAskedFor() throws Exception
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 100);
        final Thread writer = new Thread(() ->
        {
            try (TickJournal journal =
                new TickJournal(Journal.open(data, "FAST_DAILY", false), () -> 0, new Counters()))
            {
                final Tick tick = new Tick();
                for (long seq = 101; seq <= 2_000; seq++)
                {
                    TestJournals.append(journal, seq, tick, seq % 100 == 0);
                    if (seq % 100 == 0)
                    {
                        Thread.sleep(20);
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "journal-writer");
        writer.start();
        boolean sawFollowing = false;
        try (Replayer replayer = replayer(data, new ReplayOptions().follow(true).to(ReplayPoint.seq(2_000))))
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!replayer.isDone() && System.nanoTime() < deadlineNs)
            {
                replayer.doWork();
                sawFollowing |= replayer.state() == ReplayState.FOLLOWING;
                poll();
                Thread.yield();
            }
            assertThat(replayer.isDone()).isTrue();
        }
        writer.join();
        drain();
        assertThat(sawFollowing).as("waited at the tail for more").isTrue();
        assertThat(seqs()).containsExactlyElementsOf(range(1, 2000));
    }

    @Test
    void shouldPauseStepResumeChangeSpeedAndSeekOverTheControlStream()
    {
        final Path data = dir.resolve("data");
        TestJournals.write(data, 2_000);
        try (Publication controlPublication = aeron.addPublication(Streams.DEFAULT_CHANNEL,
                Streams.REPLAY_CONTROL_STREAM_ID);
            Subscription control = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_CONTROL_STREAM_ID);
            Replayer replayer = replayer(data, new ReplayOptions().replayId(7)))
        {
            awaitTrue(() -> controlPublication.isConnected() && control.isConnected());
            final ReplayControlProxy proxy = new ReplayControlProxy(controlPublication);
            final List<long[]> statuses = new ArrayList<>();
            final ReplayControlAdapter adapter = new ReplayControlAdapter(control,
                new ReplayerControl(replayer, new ReplayStatusProxy(controlPublication)));
            final Subscription statusSubscription =
                aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_CONTROL_STREAM_ID);
            awaitTrue(statusSubscription::isConnected);

            send(proxy, 1, 7, ReplayAction.PAUSE, 0, 0);
            awaitTrue(() -> adapter.poll() > 0);
            for (int i = 0; i < 100; i++)
            {
                replayer.doWork();
                poll();
            }
            assertThat(received).isEmpty();
            assertThat(replayer.state()).isEqualTo(ReplayState.PAUSED);

            send(proxy, 2, 7, ReplayAction.STEP, 5, 0);
            awaitTrue(() -> adapter.poll() > 0);
            for (int i = 0; i < 100; i++)
            {
                replayer.doWork();
                poll();
            }
            assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);

            send(proxy, 3, 99, ReplayAction.RESUME, 0, 0); // another replay's: ignored
            awaitTrue(() -> adapter.poll() > 0);
            for (int i = 0; i < 10; i++)
            {
                replayer.doWork();
            }
            assertThat(replayer.ticks()).isEqualTo(5);

            send(proxy, 4, 7, ReplayAction.SPEED, 0, 2.5);
            send(proxy, 5, 0, ReplayAction.RESUME, 0, 0); // every replay's
            awaitTrue(() -> adapter.poll() > 0);
            awaitTrue(() -> adapter.poll() > 0 || replayer.state() == ReplayState.RUNNING);
            assertThat(replayer.speed()).isEqualTo(2.5);
            send(proxy, 6, 7, ReplayAction.SPEED, 0, ReplaySpeed.MAX);
            awaitTrue(() -> adapter.poll() > 0);
            runToEnd(replayer);
            assertThat(seqs()).containsExactlyElementsOf(range(1, 2000));

            received.clear();
            send(proxy, 7, 7, ReplayAction.SEEK_SEQ, 1_990, 0);
            awaitTrue(() -> adapter.poll() > 0);
            runToEnd(replayer);
            assertThat(seqs()).containsExactlyElementsOf(concat(range(1, 3), range(1990, 2000)));

            // Every control was answered with a status carrying its correlation id, but the other replay's.
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final ReplayStatusDecoder status = new ReplayStatusDecoder();
            awaitTrue(() ->
            {
                statusSubscription.poll((buffer, offset, length, h) ->
                {
                    header.wrap(buffer, offset);
                    if (header.templateId() == ReplayStatusDecoder.TEMPLATE_ID)
                    {
                        status.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                            header.version());
                        statuses.add(new long[]{ status.correlationId(), status.replayId(), status.state().value() });
                    }
                }, 16);
                return statuses.size() >= 6;
            });
            assertThat(statuses.stream().map(s -> s[0]).toList()).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
            assertThat(statuses.get(0)[2]).isEqualTo(ReplayState.PAUSED.value());
            CloseHelper.close(statusSubscription);
        }
    }

    private static void send(
        final ReplayControlProxy proxy, final long correlationId, final int replayId, final ReplayAction action,
        final long value, final double speed)
    {
        awaitTrue(() -> proxy.control(correlationId, replayId, action, value, speed) > 0);
    }

    private Replayer replayer(final Path data, final ReplayOptions options)
    {
        return new Replayer(Journal.open(data, "FAST_DAILY", true), options, publication, SystemNanoClock.INSTANCE);
    }

    private void replayAll(final Path data, final ReplayOptions options)
    {
        try (Replayer replayer = replayer(data, options))
        {
            runToEnd(replayer);
        }
    }

    private void runToEnd(final Replayer replayer)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!replayer.isDone() && System.nanoTime() < deadlineNs)
        {
            replayer.doWork();
            poll();
        }
        assertThat(replayer.isDone()).isTrue();
        drain();
    }

    private void drain()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (subscription.imageCount() > 0 && subscription.imageAtIndex(0).position() < publication.position() &&
            System.nanoTime() < deadlineNs)
        {
            poll();
        }
    }

    private int poll()
    {
        return subscription.poll((buffer, offset, length, header) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            received.add(bytes);
        }, 4096);
    }

    private List<Long> seqs()
    {
        final List<Long> seqs = new ArrayList<>();
        for (final byte[] message : received)
        {
            seqs.add(TickMessages.globalSeq(new UnsafeBuffer(message), 0));
        }
        return seqs;
    }

    private static List<byte[]> journaledMessages(final Path data)
    {
        final List<byte[]> messages = new ArrayList<>();
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
                    final byte[] excerpt = dc.wire().bytes().toByteArray();
                    final UnsafeBuffer buffer = new UnsafeBuffer(excerpt);
                    int position = 0;
                    while (position < excerpt.length)
                    {
                        final int length = TickMessages.length(buffer, position, excerpt.length - position);
                        messages.add(Arrays.copyOfRange(excerpt, position, position + length));
                        position += length;
                    }
                }
            }
        }
        return messages;
    }

    private static List<Long> range(final long from, final long to)
    {
        final List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v++)
        {
            values.add(v);
        }
        return values;
    }

    private static List<Long> concat(final List<Long> a, final List<Long> b)
    {
        final List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("condition not met in 30 s");
            }
            Thread.yield();
        }
    }
}
