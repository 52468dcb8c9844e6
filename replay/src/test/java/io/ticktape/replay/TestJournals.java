package io.ticktape.replay;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;

import java.nio.file.Path;

/**
 * Journals for replay tests, written by the real {@link TickJournal}: three instrument definitions (AAA, BBB, CCC
 * as ids 0, 1, 2), then trades and quotes round-robin over the instruments, one a millisecond of exchange time.
 */
final class TestJournals
{
    static final long START_NS = 1_767_623_400_000_000_000L; // 2026-01-05T14:30:00Z
    static final long STEP_NS = 1_000_000;
    static final String[] SYMBOLS = { "AAA", "BBB", "CCC" };

    private TestJournals()
    {
    }

    /**
     * @param journal to append to.
     * @param seq     global sequence of the tick.
     * @param tick    scratch.
     */
    static void append(final TickJournal journal, final long seq, final Tick tick, final boolean flush)
    {
        fill(tick, seq);
        journal.append(tick, flush);
    }

    static void fill(final Tick tick, final long seq)
    {
        tick.globalSeq = seq;
        tick.channelId = 1;
        tick.lineSeq = seq;
        tick.receiveNs = 1000 + seq;
        tick.sequencedNs = 2000 + seq;
        if (seq <= SYMBOLS.length)
        {
            tick.type = TickType.INSTRUMENT;
            tick.instrumentId = (int)seq - 1;
            tick.priceExponent = -2;
            tick.tickSizeMantissa = 1;
            tick.symbol(SYMBOLS[(int)seq - 1]);
            return;
        }
        tick.instrumentId = (int)(seq % SYMBOLS.length);
        tick.exchangeTimeNs = timeOf(seq);
        if (seq % 2 == 0)
        {
            tick.type = TickType.TRADE;
            tick.priceMantissa = 10_000 + seq % 17;
            tick.size = 1 + seq % 5;
            tick.aggressorSide = 1;
            tick.tradeId = seq;
        }
        else
        {
            tick.type = TickType.QUOTE;
            tick.bidPriceMantissa = 9_990 + seq % 7;
            tick.bidSize = 10;
            tick.askPriceMantissa = 10_010 + seq % 7;
            tick.askSize = 20;
        }
    }

    /**
     * @param seq a tick's global sequence (after the definitions).
     * @return its exchange time.
     */
    static long timeOf(final long seq)
    {
        return START_NS + seq * STEP_NS;
    }

    /**
     * As {@link #write}, with a feed-thread timer (no number of its own: the last tick's) after every tick whose
     * sequence is a multiple of 10, half a step of exchange time after it; the timer after each flushed tick opens the
     * next excerpt.
     *
     * @param dataDir where.
     * @param ticks   how many, definitions included; flushed every 50 ticks.
     * @return timers written.
     */
    static long writeWithTimers(final Path dataDir, final long ticks)
    {
        long timers = 0;
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            final Tick tick = new Tick();
            final Tick timer = new Tick();
            timer.type = TickType.TIMER;
            for (long seq = 1; seq <= ticks; seq++)
            {
                append(journal, seq, tick, seq % 50 == 0);
                if (seq % 10 == 0)
                {
                    timer.globalSeq = seq;
                    timer.exchangeTimeNs = timeOf(seq) + STEP_NS / 2;
                    journal.append(timer, false);
                    timers++;
                }
            }
        }
        return timers;
    }

    /**
     * @param dataDir where.
     * @param ticks   how many, definitions included; flushed every 50 ticks.
     */
    static void write(final Path dataDir, final long ticks)
    {
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            final Tick tick = new Tick();
            for (long seq = 1; seq <= ticks; seq++)
            {
                append(journal, seq, tick, seq % 50 == 0);
            }
        }
    }
}
