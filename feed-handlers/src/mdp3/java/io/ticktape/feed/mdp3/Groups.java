package io.ticktape.feed.mdp3;

/**
 * Bounds checks for a repeating group, made before the generated codec reads its header or any entry, so that no
 * count or length from the wire can make a read run past the message (MsgSize), however the counts are corrupted.
 * <pre>
 *   groupSize (3 bytes)          groupSize8Byte (8 bytes)
 *   +-------------+---------+    +-------------+---------------+---------+
 *   | blockLength | numIn-  |    | blockLength | 5 padding     | numIn-  |
 *   | uint16      | Group u8|    | uint16      | bytes         | Group u8|
 *   +-------------+---------+    +-------------+---------------+---------+
 *   then numInGroup entries of blockLength bytes each
 * </pre>
 */
final class Groups
{
    private Groups()
    {
    }

    /**
     * @param limit      where the group header starts.
     * @param headerSize bytes in the group's dimension header.
     * @param msgEnd     first byte after the message.
     * @return true if the header lies within the message; otherwise counted as {@link Malformation#GROUP_HEADER}.
     */
    static boolean headerFits(
        final int limit, final int headerSize, final int msgEnd, final int templateId, final Mdp3Counters counters)
    {
        return limit + headerSize <= msgEnd ||
            counters.malformed(Malformation.GROUP_HEADER, templateId, limit + headerSize - msgEnd);
    }

    /**
     * @param limit               where the first entry starts.
     * @param count               numInGroup from the header.
     * @param blockLength         each entry's length from the header.
     * @param requiredBlockLength the end of the last field read from an entry.
     * @param msgEnd              first byte after the message.
     * @return true if every entry lies within the message and holds the fields read; otherwise counted.
     */
    static boolean entriesFit(
        final int limit,
        final int count,
        final int blockLength,
        final int requiredBlockLength,
        final int msgEnd,
        final int templateId,
        final Mdp3Counters counters)
    {
        if (count == 0)
        {
            return true;
        }
        if (blockLength < requiredBlockLength)
        {
            return counters.malformed(Malformation.GROUP_BLOCK_LENGTH, templateId, blockLength);
        }
        return (long)count * blockLength <= msgEnd - limit ||
            counters.malformed(Malformation.GROUP_OVERRUN, templateId, count);
    }
}
