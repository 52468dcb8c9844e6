package io.ticktape.store;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binary search over the journal's index, checked against a naive scan of the same journal, on journals spread over
 * many roll cycles (files) with batches of random size.
 */
class JournalSeekTest
{
    @TempDir
    Path dir;

    @Test
    void shouldFindTheExcerptOfEverySequenceAndTimeAcrossRollCycles()
    {
        final SetTimeProvider time = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        final List<long[]> excerpts = new ArrayList<>(); // per excerpt: first seq, last seq, first time, last time
        final SplittableRandom random = new SplittableRandom(11);
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir.resolve("q"))
            .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(time).build())
        {
            final TickJournal journal = new TickJournal(queue, () -> 0, new Counters());
            final Tick tick = new Tick();
            long seq = 0;
            long exchangeNs = 1_000_000_000_000L;
            for (int cycle = 0; cycle < 7; cycle++)
            {
                final int batches = 1 + random.nextInt(40);
                for (int b = 0; b < batches; b++)
                {
                    final int size = 1 + random.nextInt(TickJournal.MAX_BATCH);
                    final long[] summary = { seq + 1, seq + size, Long.MIN_VALUE, 0 };
                    for (int i = 0; i < size; i++)
                    {
                        seq++;
                        exchangeNs += random.nextInt(3) * 1000L; // repeated times too
                        tick.type = seq == 1 ? TickType.INSTRUMENT : (seq % 3 == 0 ? TickType.QUOTE : TickType.TRADE);
                        tick.globalSeq = seq;
                        tick.instrumentId = 1;
                        tick.exchangeTimeNs = exchangeNs;
                        tick.size = 1;
                        if (tick.type != TickType.INSTRUMENT && summary[2] == Long.MIN_VALUE)
                        {
                            summary[2] = exchangeNs;
                        }
                        summary[3] = exchangeNs;
                        journal.append(tick, i == size - 1);
                    }
                    excerpts.add(summary);
                }
                time.advanceMillis(1000 * (1 + random.nextInt(3))); // empty cycles in between as well
            }
            journal.flush();

            try (JournalSeek seek = new JournalSeek(queue))
            {
                final ExcerptTailer tailer = queue.createTailer();
                final long lastSeq = seq;
                for (long s = -2; s <= lastSeq + 3; s += 1 + random.nextInt(40))
                {
                    final long index = seek.indexForSeq(s);
                    final long[] found = excerptAt(tailer, index);
                    final long target = Math.max(1, Math.min(s, lastSeq));
                    if (s < 1)
                    {
                        assertThat(found[0]).isEqualTo(1);
                    }
                    else
                    {
                        assertThat(found[0]).as("seq %d", s).isLessThanOrEqualTo(target);
                        assertThat(found[1]).as("seq %d", s).isGreaterThanOrEqualTo(target);
                    }
                }

                final long firstTime = excerpts.get(0)[2];
                for (long t = firstTime - 5000; t <= exchangeNs + 5000; t += 1 + random.nextInt(200_000))
                {
                    final long index = seek.indexForTime(t);
                    final long[] found = excerptAt(tailer, index);
                    // Naive reference: the first excerpt holding a tick at or after t.
                    long[] expected = null;
                    for (final long[] e : excerpts)
                    {
                        if (e[3] >= t)
                        {
                            expected = e;
                            break;
                        }
                    }
                    if (null == expected)
                    {
                        assertThat(found[1]).isEqualTo(lastSeq);
                    }
                    else
                    {
                        // Never after the first tick at t, and no further back than needed: the excerpt after
                        // the one found starts at or after t.
                        assertThat(found[0]).as("time %d", t).isLessThanOrEqualTo(expected[0]);
                        int at = 0;
                        while (excerpts.get(at)[0] != found[0])
                        {
                            at++;
                        }
                        if (at + 1 < excerpts.size() && found[0] != 1)
                        {
                            assertThat(excerpts.get(at + 1)[2]).as("time %d", t).isGreaterThanOrEqualTo(t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldSayEmptyForAnEmptyJournal()
    {
        try (ChronicleQueue queue = Journal.open(dir, "FAST_DAILY", false); JournalSeek seek = new JournalSeek(queue))
        {
            assertThat(seek.indexForSeq(1)).isEqualTo(JournalSeek.NO_INDEX);
            assertThat(seek.indexForTime(0)).isEqualTo(JournalSeek.NO_INDEX);
            assertThat(seek.firstIndex()).isEqualTo(JournalSeek.NO_INDEX);
        }
    }

    private static long[] excerptAt(final ExcerptTailer tailer, final long index)
    {
        assertThat(tailer.moveToIndex(index)).isTrue();
        try (DocumentContext dc = tailer.readingDocument())
        {
            assertThat(dc.isPresent()).isTrue();
            final byte[] bytes = dc.wire().bytes().toByteArray();
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final long[] summary = { 0, 0, Long.MIN_VALUE, 0 };
            int position = 0;
            while (position < bytes.length)
            {
                final int length = TickMessages.length(buffer, position, bytes.length - position);
                assertThat(length).isPositive();
                final long seq = TickMessages.globalSeq(buffer, position);
                if (summary[0] == 0)
                {
                    summary[0] = seq;
                }
                summary[1] = seq;
                final long t = TickMessages.exchangeTimeNs(buffer, position);
                if (t != TickMessages.NO_TIME)
                {
                    summary[2] = summary[2] == Long.MIN_VALUE ? t : summary[2];
                    summary[3] = t;
                }
                position += length;
            }
            return summary;
        }
    }
}
