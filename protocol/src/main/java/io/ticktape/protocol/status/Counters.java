package io.ticktape.protocol.status;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's named counters. Each counter has one writer (the stage that owns it) and any number of readers
 * (the reporter, the summary, tests). Counters are allocated on control paths only.
 * <p>
 * Backed by a {@link CountersManager} over direct buffers so the same layout can later be mapped to a file for an
 * out-of-process stat tool, as Aeron does with its CnC file.
 */
public final class Counters
{
    private static final int MAX_COUNTERS = 1024;

    private final CountersManager countersManager;

    /**
     * Counters in this process's memory.
     */
    public Counters()
    {
        final UnsafeBuffer metaData = new UnsafeBuffer(
            ByteBuffer.allocateDirect(MAX_COUNTERS * CountersManager.METADATA_LENGTH));
        final UnsafeBuffer values = new UnsafeBuffer(
            ByteBuffer.allocateDirect(MAX_COUNTERS * CountersManager.COUNTER_LENGTH));
        countersManager = new CountersManager(metaData, values);
    }

    /**
     * Allocate a counter.
     *
     * @param label unique, dotted, lower-case name, e.g. {@code feed.malformed_frames}.
     * @return the counter, starting at zero.
     */
    public synchronized AtomicCounter newCounter(final String label)
    {
        return countersManager.newCounter(label);
    }

    /**
     * Read every counter's current value (control path).
     *
     * @return label to value, in allocation order.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        countersManager.forEach((counterId, label) -> values.put(label, countersManager.getCounterValue(counterId)));
        return values;
    }

    /**
     * Value of the counter with this label.
     *
     * @param label of the counter.
     * @return its value, or 0 if no counter has that label.
     */
    public long value(final String label)
    {
        final Long value = snapshot().get(label);
        return null == value ? 0 : value;
    }
}
