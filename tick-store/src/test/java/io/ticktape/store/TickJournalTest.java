package io.ticktape.store;

import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickJournalTest
{
    private static final String ROLL = "FAST_DAILY";
    private static final int HEADER = 8;

    @TempDir
    Path dataDir;

    private final Counters counters = new Counters();

    @Test
    void shouldReadBackEveryTickInOrderWhenFlushedAtVariousPoints()
    {
        final List<Tick> sent = randomTicks(10_000, 1, 2024);
        final SplittableRandom random = new SplittableRandom(7);
        long expectedExcerpts = 0;
        long expectedBytes = 0;
        int pending = 0;
        final List<Integer> expectedBatchSizes = new ArrayList<>();

        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            for (int i = 0; i < sent.size(); i++)
            {
                // Ticks 1000 to 1299 run without a flush: full batches of exactly MAX_BATCH go out by themselves.
                final boolean quiet = i >= 1000 && i < 1300;
                final boolean flush = !quiet && (i % 97 == 0 || random.nextInt(50) == 0);
                journal.append(sent.get(i), flush);
                expectedBytes += encodedLength(sent.get(i));
                pending++;
                if (flush || pending == TickJournal.MAX_BATCH)
                {
                    expectedExcerpts++;
                    expectedBatchSizes.add(pending);
                    pending = 0;
                }
                if (!quiet && random.nextInt(200) == 0)
                {
                    journal.flush();
                    journal.flush();
                    if (pending > 0)
                    {
                        expectedExcerpts++;
                        expectedBatchSizes.add(pending);
                        pending = 0;
                    }
                }
            }
            assertThat(pending).as("some ticks are left for close() to write").isPositive();
        }
        expectedExcerpts++;
        expectedBatchSizes.add(pending);

        assertThat(expectedBatchSizes).contains(TickJournal.MAX_BATCH, 1);
        assertThat(counters.value("journal.ticks")).isEqualTo(sent.size());
        assertThat(counters.value("journal.excerpts")).isEqualTo(expectedExcerpts);
        assertThat(counters.value("journal.bytes")).isEqualTo(expectedBytes);
        assertThat(counters.value("journal.last_global_seq")).isEqualTo(sent.size());

        assertThat(excerptSizes(dataDir)).isEqualTo(expectedBatchSizes);

        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            final List<Tick> read = new ArrayList<>();
            final long count = reader.readAll(tick -> read.add(new Tick().copyFrom(tick)));
            assertThat(count).isEqualTo(sent.size());
            assertThat(read).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++)
            {
                assertSameTick(read.get(i), sent.get(i), i);
            }
            assertThat(reader.corruptExcerpts()).isZero();
            assertThat(reader.lastGlobalSeq()).isEqualTo(sent.get(sent.size() - 1).globalSeq);
        }
    }

    @Test
    void shouldJournalTimersInPlaceAndReadTicksWithoutThemUnlessAsked()
    {
        final List<Tick> sent = randomTicks(100, 1, 9);
        final Tick timer = new Tick();
        timer.type = TickType.TIMER;
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            for (final Tick tick : sent)
            {
                journal.append(tick, tick.globalSeq % 50 == 0);
                if (tick.globalSeq % 50 == 0)
                {
                    // The last tick's number; the first timer opens an excerpt, the second is one on its own.
                    timer.globalSeq = tick.globalSeq;
                    timer.exchangeTimeNs = 1_000_000L * tick.globalSeq;
                    journal.append(timer, tick.globalSeq == 100);
                }
            }
        }
        assertThat(excerptSizes(dataDir)).containsExactly(50, 51, 1);
        assertThat(counters.value("journal.ticks")).isEqualTo(100);
        assertThat(counters.value("journal.timers")).isEqualTo(2);
        assertThat(counters.value("journal.last_global_seq")).isEqualTo(100);

        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            final List<Long> seqs = new ArrayList<>();
            assertThat(reader.readAll(tick ->
            {
                assertThat(tick.type).isNotEqualTo(TickType.TIMER);
                seqs.add(tick.globalSeq);
            })).isEqualTo(100);
            for (int i = 0; i < 100; i++)
            {
                assertThat(seqs.get(i)).isEqualTo(i + 1L);
            }

            final List<String> all = new ArrayList<>();
            assertThat(reader.readAll(tick -> all.add(TickType.name(tick.type) + "@" + tick.globalSeq +
                (tick.type == TickType.TIMER ? "/" + tick.exchangeTimeNs : "")), true)).isEqualTo(102);
            assertThat(all.get(50)).isEqualTo("timer@50/50000000");
            assertThat(all.get(51)).endsWith("@51");
            assertThat(all.get(101)).isEqualTo("timer@100/100000000");
            assertThat(reader.lastGlobalSeq()).isEqualTo(100);
            assertThat(reader.corruptExcerpts()).isZero();
        }

        // Seeking by number: tick 50 is in the first excerpt, not the one the timer repeating 50 opens.
        try (ChronicleQueue queue = Journal.open(dataDir, ROLL, true);
            JournalSeek seek = new JournalSeek(queue);
            ExcerptTailer tailer = queue.createTailer())
        {
            final List<Long> indexes = new ArrayList<>();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    indexes.add(dc.index());
                }
            }
            assertThat(seek.indexForSeq(50)).isEqualTo(indexes.get(0));
            assertThat(seek.indexForSeq(51)).isEqualTo(indexes.get(1));
            assertThat(seek.indexForSeq(100)).isEqualTo(indexes.get(1));
        }
    }

    @Test
    void shouldReturnZeroWhenJournalIsEmpty()
    {
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, false)))
        {
            assertThat(reader.lastGlobalSeq()).isZero();
            assertThat(reader.readAll(tick -> { })).isZero();
        }
    }

    @Test
    void shouldWriteNothingWhenTickHasNoTypeOrNothingPending()
    {
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            final Tick none = new Tick();
            none.globalSeq = 5;
            journal.append(none, false);
            journal.flush();
            journal.append(none, true);
            journal.onShutdown();
        }
        assertThat(counters.value("journal.ticks")).isZero();
        assertThat(counters.value("journal.excerpts")).isZero();
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, false)))
        {
            assertThat(reader.readAll(tick -> { })).isZero();
            assertThat(reader.lastGlobalSeq()).isZero();
        }
    }

    @Test
    void shouldWriteOneExcerptPerEndOfBatchWhenDrivenByRing()
    {
        final List<Tick> sent = randomTicks(10, 1, 3);
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            for (int i = 0; i < sent.size(); i++)
            {
                journal.onEvent(sent.get(i), i, i == 2 || i == 3 || i == 9);
            }
        }
        assertThat(excerptSizes(dataDir)).containsExactly(3, 1, 6);
    }

    @Test
    void shouldWritePendingBatchWhenShutDown()
    {
        final List<Tick> sent = randomTicks(5, 1, 4);
        final ChronicleQueue queue = Journal.open(dataDir, ROLL, false);
        final TickJournal journal = new TickJournal(queue, () -> 0, counters);
        for (final Tick tick : sent)
        {
            journal.append(tick, false);
        }
        assertThat(counters.value("journal.excerpts")).isZero();
        journal.onShutdown();
        assertThat(counters.value("journal.excerpts")).isEqualTo(1);
        journal.close();

        assertThat(excerptSizes(dataDir)).containsExactly(5);
    }

    @Test
    void shouldContinueAfterLastTickWhenJournalReopened()
    {
        final List<Tick> first = randomTicks(100, 1, 5);
        final List<Tick> second = randomTicks(150, 101, 6);
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            first.forEach(tick -> journal.append(tick, false));
        }
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            assertThat(reader.lastGlobalSeq()).isEqualTo(100);
        }
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, new Counters()))
        {
            second.forEach(tick -> journal.append(tick, false));
        }
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            final List<Long> seqs = new ArrayList<>();
            reader.readAll(tick -> seqs.add(tick.globalSeq));
            assertThat(seqs).hasSize(250);
            for (int i = 0; i < 250; i++)
            {
                assertThat(seqs.get(i)).isEqualTo(i + 1L);
            }
            assertThat(reader.lastGlobalSeq()).isEqualTo(250);
        }
    }

    @Test
    void shouldStopAtLastWholeTickAndCountWhenExcerptIsTorn()
    {
        final List<Tick> sent = randomTicks(20, 1, 8);
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            for (int i = 0; i < 10; i++)
            {
                journal.append(sent.get(i), i == 9);
            }
        }
        // An excerpt with three whole ticks and the first 30 bytes of a fourth.
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[4 * TickCodec.MAX_ENCODED_LENGTH]);
        final TickCodec codec = new TickCodec();
        int length = 0;
        for (int i = 10; i < 14; i++)
        {
            length += codec.encode(sent.get(i), 0, encoded, length);
        }
        final int torn = length - encodedLength(sent.get(13)) + 30;
        try (ChronicleQueue queue = Journal.open(dataDir, ROLL, false); ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(encoded.byteArray(), 0, torn);
            }
        }

        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            final List<Tick> read = new ArrayList<>();
            assertThat(reader.readAll(tick -> read.add(new Tick().copyFrom(tick)))).isEqualTo(13);
            for (int i = 0; i < 13; i++)
            {
                assertSameTick(read.get(i), sent.get(i), i);
            }
            assertThat(reader.corruptExcerpts()).isEqualTo(1);
            assertThat(reader.lastGlobalSeq()).isEqualTo(13);
        }
    }

    @Test
    void shouldSkipExcerptAndKeepReadingWhenExcerptIsGarbage()
    {
        final List<Tick> sent = randomTicks(6, 1, 9);
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, ROLL, false), () -> 0, counters))
        {
            journal.append(sent.get(0), false);
            journal.append(sent.get(1), false);
            journal.append(sent.get(2), true);
            try (ChronicleQueue queue = Journal.open(dataDir, ROLL, false);
                ExcerptAppender appender = queue.createAppender())
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
                }
            }
            journal.append(sent.get(3), false);
            journal.append(sent.get(4), false);
            journal.append(sent.get(5), true);
        }
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            final List<Long> seqs = new ArrayList<>();
            assertThat(reader.readAll(tick -> seqs.add(tick.globalSeq))).isEqualTo(6);
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(reader.corruptExcerpts()).isEqualTo(1);
            assertThat(reader.lastGlobalSeq()).isEqualTo(6);
        }
    }

    @Test
    void shouldRejectWhenRollCycleUnknown()
    {
        assertThatThrownBy(() -> Journal.open(dataDir, "EVERY_FORTNIGHT", false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("EVERY_FORTNIGHT");
    }

    /** Ticks per excerpt, read with a plain tailer and the generated header decoder. */
    private static List<Integer> excerptSizes(final Path dataDir)
    {
        final List<Integer> sizes = new ArrayList<>();
        try (ChronicleQueue queue = Journal.open(dataDir, ROLL, true); ExcerptTailer tailer = queue.createTailer())
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final byte[] excerpt = new byte[(int)bytes.readRemaining()];
                    bytes.read(excerpt);
                    final UnsafeBuffer buffer = new UnsafeBuffer(excerpt);
                    int position = 0;
                    int count = 0;
                    long previousSeq = Long.MIN_VALUE;
                    while (position < excerpt.length)
                    {
                        header.wrap(buffer, position);
                        assertThat(header.schemaId()).isEqualTo(MessageHeaderDecoder.SCHEMA_ID);
                        final long seq = buffer.getLong(position + HEADER, ByteOrder.LITTLE_ENDIAN);
                        assertThat(seq).isGreaterThan(previousSeq);
                        previousSeq = seq;
                        position += HEADER + header.blockLength();
                        count++;
                    }
                    assertThat(position).isEqualTo(excerpt.length);
                    assertThat(count).isBetween(1, TickJournal.MAX_BATCH);
                    sizes.add(count);
                }
            }
        }
        return sizes;
    }

    private static int encodedLength(final Tick tick)
    {
        switch (tick.type)
        {
            case TickType.TRADE:
                return HEADER + 79;
            case TickType.QUOTE:
                return HEADER + 86;
            default:
                return HEADER + 71;
        }
    }

    static List<Tick> randomTicks(final int count, final long firstSeq, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Tick> ticks = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final Tick tick = new Tick();
            tick.globalSeq = firstSeq + i;
            tick.channelId = random.nextInt(0x10000);
            tick.lineSeq = random.nextLong();
            tick.receiveNs = random.nextLong();
            tick.sequencedNs = random.nextLong();
            tick.instrumentId = random.nextInt();
            switch (random.nextInt(10))
            {
                case 0:
                    tick.type = TickType.INSTRUMENT;
                    tick.priceExponent = random.nextInt(-128, 128);
                    tick.tickSizeMantissa = random.nextLong();
                    tick.symbol(Long.toString(random.nextLong(Long.MAX_VALUE), 36).toUpperCase()
                        .substring(0, 1 + random.nextInt(12)));
                    break;
                case 1: case 2: case 3: case 4:
                    tick.type = TickType.TRADE;
                    tick.exchangeTimeNs = random.nextLong();
                    tick.priceMantissa = random.nextLong(-1_000_000_000L, 1_000_000_000L);
                    tick.size = random.nextLong(1, 1_000_000);
                    tick.aggressorSide = (byte)random.nextInt(3);
                    tick.tradeId = random.nextLong();
                    break;
                default:
                    tick.type = TickType.QUOTE;
                    tick.exchangeTimeNs = random.nextLong();
                    tick.bidPriceMantissa = random.nextLong();
                    tick.bidSize = random.nextLong();
                    tick.askPriceMantissa = random.nextLong();
                    tick.askSize = random.nextLong();
                    break;
            }
            ticks.add(tick);
        }
        return ticks;
    }

    static void assertSameTick(final Tick actual, final Tick expected, final int index)
    {
        assertThat(actual.type).as("type #%d", index).isEqualTo(expected.type);
        assertThat(actual.globalSeq).as("globalSeq #%d", index).isEqualTo(expected.globalSeq);
        assertThat(actual.channelId).as("channelId #%d", index).isEqualTo(expected.channelId);
        assertThat(actual.lineSeq).as("lineSeq #%d", index).isEqualTo(expected.lineSeq);
        assertThat(actual.receiveNs).as("receiveNs #%d", index).isEqualTo(expected.receiveNs);
        assertThat(actual.sequencedNs).as("sequencedNs #%d", index).isEqualTo(expected.sequencedNs);
        assertThat(actual.instrumentId).as("instrumentId #%d", index).isEqualTo(expected.instrumentId);
        switch (expected.type)
        {
            case TickType.TRADE:
                assertThat(actual.exchangeTimeNs).as("time #%d", index).isEqualTo(expected.exchangeTimeNs);
                assertThat(actual.priceMantissa).as("price #%d", index).isEqualTo(expected.priceMantissa);
                assertThat(actual.size).as("size #%d", index).isEqualTo(expected.size);
                assertThat(actual.aggressorSide).as("side #%d", index).isEqualTo(expected.aggressorSide);
                assertThat(actual.tradeId).as("tradeId #%d", index).isEqualTo(expected.tradeId);
                break;
            case TickType.QUOTE:
                assertThat(actual.exchangeTimeNs).as("time #%d", index).isEqualTo(expected.exchangeTimeNs);
                assertThat(actual.bidPriceMantissa).as("bid #%d", index).isEqualTo(expected.bidPriceMantissa);
                assertThat(actual.bidSize).as("bidSize #%d", index).isEqualTo(expected.bidSize);
                assertThat(actual.askPriceMantissa).as("ask #%d", index).isEqualTo(expected.askPriceMantissa);
                assertThat(actual.askSize).as("askSize #%d", index).isEqualTo(expected.askSize);
                break;
            default:
                assertThat(actual.priceExponent).as("exponent #%d", index).isEqualTo(expected.priceExponent);
                assertThat(actual.tickSizeMantissa).as("tickSize #%d", index).isEqualTo(expected.tickSizeMantissa);
                assertThat(actual.symbolAsString()).as("symbol #%d", index).isEqualTo(expected.symbolAsString());
                break;
        }
    }
}
