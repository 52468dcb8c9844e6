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
     * @param name a Chronicle roll cycle name, e.g. {@code FAST_DAILY}.
     * @return the roll cycle.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static RollCycles rollCycle(final String name)
    {
        try
        {
            return RollCycles.valueOf(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown roll cycle '" + name + "', e.g. FAST_DAILY, FAST_HOURLY");
        }
    }

    /**
     * @param dataDir   the store's data directory.
     * @param rollCycle how often the journal rolls to a new file, e.g. {@code FAST_DAILY}.
     * @param readOnly  true for readers (export, replay).
     * @return the open queue; the caller closes it.
     */
    public static ChronicleQueue open(final Path dataDir, final String rollCycle, final boolean readOnly)
    {
        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(dataDir.resolve(TICKS_FOLDER))
            .rollCycle(rollCycle(rollCycle))
            .readOnly(readOnly);
        return builder.build();
    }
}
