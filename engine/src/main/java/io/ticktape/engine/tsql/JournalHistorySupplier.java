package io.ticktape.engine.tsql;

import io.ticktape.store.history.HistoryView;
import io.ticktape.store.history.JournalHistoryView;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hands the query service a {@link JournalHistoryView} of the data directory, reloaded when the journal has grown
 * since the last load (the journal's last-journaled-sequence counter moved). Until the columnar history tier is
 * wired in, this is how a running engine's queries see fresh ticks; a reload reads the whole journal, so it suits
 * small data directories.
 */
public final class JournalHistorySupplier implements Supplier<HistoryView>
{
    private final Path dataDir;
    private final String rollCycle;
    private final LongSupplier lastJournaledSeq;
    private JournalHistoryView view;
    private long loadedAtSeq = -1;

    /**
     * @param dataDir          the engine's data directory.
     * @param rollCycle        the journal's roll cycle.
     * @param lastJournaledSeq the journal's last written global sequence (a counter).
     */
    public JournalHistorySupplier(final Path dataDir, final String rollCycle, final LongSupplier lastJournaledSeq)
    {
        this.dataDir = dataDir;
        this.rollCycle = rollCycle;
        this.lastJournaledSeq = lastJournaledSeq;
    }

    @Override
    public synchronized HistoryView get()
    {
        final long seq = lastJournaledSeq.getAsLong();
        if (null == view || seq != loadedAtSeq)
        {
            view = JournalHistoryView.load(dataDir, rollCycle);
            loadedAtSeq = seq;
        }
        return view;
    }
}
