package io.ticktape.protocol.tick;

/**
 * Kinds of normalized tick, as small constants so that a ring slot switches on an int, not an enum reference.
 */
public final class TickType
{
    /** Slot not (yet) holding a tick. */
    public static final int NONE = 0;
    /** Instrument reference data: id, symbol, price exponent, tick size. */
    public static final int INSTRUMENT = 1;
    /** A trade. */
    public static final int TRADE = 2;
    /** A top-of-book quote. */
    public static final int QUOTE = 3;
    /** Line sequence numbers missing on every line of a channel: {@code lineSeq..gapToLineSeq}. */
    public static final int GAP = 4;
    /** A channel went silent ({@code channelStale}) or came back. */
    public static final int CHANNEL_STATUS = 5;
    /**
     * A timer: the feed thread's estimate of exchange time ({@code exchangeTimeNs}) while the market may be quiet, so
     * that the kernel closes bars and reports stale instruments without waiting for another tick. It takes no global
     * sequence number of its own (it carries that of the last tick sequenced before it, so sequences stay dense). The
     * journal keeps it ({@code TickCodec} encodes it as a {@code TimerTick}) so that a replay through the kernel sees
     * exactly the live event sequence; the ticks stream, replays without the kernel and readers of ticks skip it.
     */
    public static final int TIMER = 6;

    private TickType()
    {
    }

    /**
     * Name of a tick type for logs and exports.
     *
     * @param type one of the constants of this class.
     * @return its lower-case name.
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case INSTRUMENT:
                return "instrument";
            case TRADE:
                return "trade";
            case QUOTE:
                return "quote";
            case GAP:
                return "gap";
            case CHANNEL_STATUS:
                return "channel_status";
            case TIMER:
                return "timer";
            default:
                return "none";
        }
    }
}
