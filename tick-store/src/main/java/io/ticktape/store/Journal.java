package io.ticktape.store;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * Opens the journal's Chronicle Queue under a data directory.
 */
public final class Journal
{
    /** Folder of the tick journal under the data directory. */
    public static final String TICKS_FOLDER = "journal/ticks";

    private Journal()
    {
    }

    /**
     * @param dataDir   the store's data directory.
     * @param rollCycle how often the journal rolls to a new file, e.g. {@code FAST_DAILY}.
     * @param readOnly  true for readers (export, replay).
     * @return the open queue; the caller closes it.
     */
    public static ChronicleQueue open(final Path dataDir, final String rollCycle, final boolean readOnly)
    {
        final RollCycles cycle;
        try
        {
            cycle = RollCycles.valueOf(rollCycle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown roll cycle '" + rollCycle + "', e.g. FAST_DAILY, FAST_HOURLY");
        }
        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(dataDir.resolve(TICKS_FOLDER))
            .rollCycle(cycle)
            .readOnly(readOnly);
        return builder.build();
    }
}
