package io.ticktape.feed.mdp3;

/**
 * Why part of a packet was skipped. Each reason has its own counter, {@code <prefix>.malformed.<label>}, and is
 * logged once, the first time it is seen.
 */
enum Malformation
{
    /** Fewer bytes than the 12-byte packet header, or a length that runs past the buffer. */
    SHORT_PACKET("short_packet", "packet of {0} bytes shorter than its header; skipped"),
    /** A MsgSize of 0 or less than the message header: the next message cannot be found. */
    MSG_SIZE("msg_size", "MsgSize {0} smaller than a message header; rest of packet skipped"),
    /** A MsgSize that runs past the packet end, or bytes left over too few to hold one. */
    TRUNCATED_MESSAGE("truncated_message", "message of {0} bytes runs past the packet end; rest of packet skipped"),
    /** A schema id other than CME's (1). */
    UNKNOWN_SCHEMA("unknown_schema", "schema id {0} is not CME MDP 3.0 (1); message skipped"),
    /** A template id no CME schema defines. */
    UNKNOWN_TEMPLATE("unknown_template", "unknown template id {0}; message skipped"),
    /** A schema version older than those supported, or older than the template itself. */
    OLD_VERSION("old_version", "template {0} with schema version {1}, older than supported; message skipped"),
    /** A root block shorter than the fields read from it. */
    BLOCK_LENGTH("block_length", "template {0} with block length {1}, shorter than its fields; message skipped"),
    /** A root block that runs past the message end. */
    BLOCK_OVERRUN("block_overrun", "template {0} with block length {1} past the message end; message skipped"),
    /** A repeating group whose header runs past the message end. */
    GROUP_HEADER("group_header", "template {0}: group header {1} bytes past the message end; message skipped"),
    /** A repeating group whose entries (numInGroup times blockLength) run past the message end. */
    GROUP_OVERRUN("group_overrun", "template {0}: {1} group entries run past the message end; message skipped"),
    /** A repeating group whose entries are shorter than the fields read from them. */
    GROUP_BLOCK_LENGTH("group_block_length",
        "template {0}: group block length {1} shorter than its fields; message skipped"),
    /** A book or trade entry with a null or out-of-range price, or an unknown entry type or action. */
    ENTRY("entry", "template {0}: entry skipped, bad value {1}");

    private final String label;
    private final String logFormat;

    Malformation(final String label, final String logFormat)
    {
        this.label = label;
        this.logFormat = logFormat;
    }

    String label()
    {
        return label;
    }

    String logFormat()
    {
        return logFormat;
    }
}
