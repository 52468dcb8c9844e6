package io.ticktape.store.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did: records read, ticks journaled, and every bad record counted, the first few with their line
 * or record number and the reason.
 */
public final class ImportReport
{
    /** Bad records described in {@link #problems()}; the rest are only counted. */
    public static final int MAX_PROBLEMS_KEPT = 20;

    private final List<String> problems = new ArrayList<>();
    long records;
    long bad;
    long skipped;
    long trades;
    long quotes;
    long definitions;
    long elapsedNs;
    long firstGlobalSeq;
    long lastGlobalSeq;
    String stoppedBy;

    void bad(final String where, final String reason)
    {
        bad++;
        if (problems.size() < MAX_PROBLEMS_KEPT)
        {
            problems.add(where + ": " + reason);
        }
    }

    /**
     * @return records read from the source (data rows or DBN records, header excluded).
     */
    public long records()
    {
        return records;
    }

    /**
     * @return records rejected as malformed.
     */
    public long bad()
    {
        return bad;
    }

    /**
     * @return well-formed records of kinds that are not imported (e.g. OHLCV, status, or quotes with an empty side).
     */
    public long skipped()
    {
        return skipped;
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
     * @return wall time of the import.
     */
    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * @return first global sequence assigned, 0 if none.
     */
    public long firstGlobalSeq()
    {
        return firstGlobalSeq;
    }

    /**
     * @return last global sequence assigned, 0 if none.
     */
    public long lastGlobalSeq()
    {
        return lastGlobalSeq;
    }

    /**
     * @return the first {@link #MAX_PROBLEMS_KEPT} bad records, "line N: reason" or "record N: reason".
     */
    public List<String> problems()
    {
        return problems;
    }

    /**
     * @return why the import stopped before the end of the source (a truncated file), or null.
     */
    public String stoppedBy()
    {
        return stoppedBy;
    }

    @Override
    public String toString()
    {
        final double seconds = elapsedNs / 1e9;
        return String.format("%d records: %d trades, %d quotes, %d definitions journaled (global seq %d..%d), " +
            "%d skipped, %d bad; %.3f s, %.0f records/s%s", records, trades, quotes, definitions, firstGlobalSeq,
            lastGlobalSeq, skipped, bad, seconds, seconds > 0 ? records / seconds : 0.0,
            null == stoppedBy ? "" : "; stopped early: " + stoppedBy);
    }
}
