package io.ticktape.store.imports;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.ticktape.store.TickJournal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Appends imported history to the journal as ticks with new global sequence numbers, continuing after the last
 * journaled one, so that replay, the history tier and TSQL see imports exactly as live ticks. An instrument's
 * definition is journaled before its first tick. Run it while no engine writes the same journal.
 */
public final class TickImporter implements AutoCloseable
{
    /** Channel id written into imported ticks' envelopes. */
    public static final int IMPORT_CHANNEL_ID = 0;

    private final TickJournal journal;
    private final Tick tick = new Tick();
    private final Map<String, int[]> known = new HashMap<>();
    private final Map<String, Integer> defined = new HashMap<>();
    private long globalSeq;
    private int nextInstrumentId;
    private long trades;
    private long quotes;
    private long definitions;

    /**
     * @param dataDir   the store's data directory.
     * @param rollCycle the journal's roll cycle.
     * @param counters  where the journal's counters live.
     */
    public TickImporter(final Path dataDir, final String rollCycle, final Counters counters)
    {
        // One pass over what is there: the last sequence number, and instruments to reuse by symbol.
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, rollCycle, false)))
        {
            final int[] maxId = { 0 };
            reader.readAll(t ->
            {
                globalSeq = Math.max(globalSeq, t.globalSeq);
                if (t.type == TickType.INSTRUMENT)
                {
                    known.put(t.symbolAsString(), new int[]{ t.instrumentId, t.priceExponent });
                    maxId[0] = Math.max(maxId[0], t.instrumentId);
                }
            });
            nextInstrumentId = maxId[0] + 1;
        }
        journal = new TickJournal(Journal.open(dataDir, rollCycle, false), System::nanoTime, counters);
    }

    /**
     * Journal an instrument definition (once per symbol per import) and return its id: an instrument already in
     * the journal with the same symbol and exponent keeps its id.
     *
     * @param symbol   ASCII symbol, at most {@link Tick#SYMBOL_CAPACITY} characters kept.
     * @param exponent price exponent.
     * @param tickSize tick size mantissa (0 if unknown).
     * @return the instrument id to use for its ticks.
     */
    public int define(final String symbol, final int exponent, final long tickSize)
    {
        final Integer id = defined.get(symbol);
        if (null != id)
        {
            return id;
        }
        final int[] existing = known.get(symbol);
        final int instrumentId = null != existing && existing[1] == exponent ? existing[0] : nextInstrumentId++;
        clear(TickType.INSTRUMENT, instrumentId, 0, 0);
        tick.priceExponent = exponent;
        tick.tickSizeMantissa = tickSize;
        tick.symbol(symbol);
        journal.append(tick, false);
        defined.put(symbol, instrumentId);
        definitions++;
        return instrumentId;
    }

    /**
     * @param instrumentId from {@link #define}.
     * @param tsNs         exchange time, epoch ns.
     * @param price        price mantissa at the instrument's exponent.
     * @param size         traded quantity.
     * @param side         aggressor side: 0 none, 1 buy, 2 sell.
     * @param tradeId      the source's trade id or sequence, 0 if none.
     * @param sourceLine   line or record number in the source, kept as the tick's line sequence.
     */
    public void trade(
        final int instrumentId, final long tsNs, final long price, final long size, final byte side,
        final long tradeId, final long sourceLine)
    {
        clear(TickType.TRADE, instrumentId, tsNs, sourceLine);
        tick.priceMantissa = price;
        tick.size = size;
        tick.aggressorSide = side;
        tick.tradeId = tradeId;
        journal.append(tick, false);
        trades++;
    }

    /**
     * @param instrumentId from {@link #define}.
     * @param tsNs         exchange time, epoch ns.
     * @param bid          best bid mantissa.
     * @param bidSize      best bid size.
     * @param ask          best ask mantissa.
     * @param askSize      best ask size.
     * @param sourceLine   line or record number in the source.
     */
    public void quote(
        final int instrumentId, final long tsNs, final long bid, final long bidSize, final long ask,
        final long askSize, final long sourceLine)
    {
        clear(TickType.QUOTE, instrumentId, tsNs, sourceLine);
        tick.bidPriceMantissa = bid;
        tick.bidSize = bidSize;
        tick.askPriceMantissa = ask;
        tick.askSize = askSize;
        journal.append(tick, false);
        quotes++;
    }

    private void clear(final int type, final int instrumentId, final long tsNs, final long sourceLine)
    {
        final long nowNs = System.nanoTime();
        tick.type = type;
        tick.globalSeq = ++globalSeq;
        tick.channelId = IMPORT_CHANNEL_ID;
        tick.lineSeq = sourceLine;
        tick.receiveNs = nowNs;
        tick.sequencedNs = nowNs;
        tick.instrumentId = instrumentId;
        tick.exchangeTimeNs = tsNs;
    }

    /**
     * @return trades journaled.
     */
    public long trades()
    {
        return trades;
    }

    /**
     * @return quotes journaled.
     */
    public long quotes()
    {
        return quotes;
    }

    /**
     * @return instrument definitions journaled.
     */
    public long definitions()
    {
        return definitions;
    }

    /**
     * @return the last global sequence assigned.
     */
    public long lastGlobalSeq()
    {
        return globalSeq;
    }

    @Override
    public void close()
    {
        journal.close();
    }
}
