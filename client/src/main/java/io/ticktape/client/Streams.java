package io.ticktape.client;

/**
 * The engine's Aeron streams. Ticks and analytics are separate streams on one channel, so a subscriber that
 * wants only bars does not pay for every tick; within a stream messages are told apart by SBE template id.
 */
public final class Streams
{
    /** Default channel: shared memory on this host. Use {@code aeron:udp?endpoint=host:port} across hosts. */
    public static final String DEFAULT_CHANNEL = "aeron:ipc";
    /** Sequenced ticks: InstrumentTick, TradeTick, QuoteTick. */
    public static final int TICKS_STREAM_ID = 1001;
    /** Analytics: Bar, VwapUpdate, AnomalyScore. */
    public static final int ANALYTICS_STREAM_ID = 1002;
    /** Alerts (risk-alerts). */
    public static final int ALERTS_STREAM_ID = 1003;
    /** Alert commands to the engine (AlertAck), answered with an AlertAckReply on the alerts stream. */
    public static final int ALERT_COMMANDS_STREAM_ID = 1008;
    /** TSQL query requests (TsqlRequest), from clients to the engine. */
    public static final int TSQL_REQUEST_STREAM_ID = 1004;
    /** TSQL answers (schema, row batches, end, error), from the engine to each client's response channel. */
    public static final int TSQL_RESPONSE_STREAM_ID = 1005;
    /** Replayed journal: the tick messages of the ticks stream, and with analytics the kernel's outputs after each. */
    public static final int REPLAY_STREAM_ID = 1006;
    /** Replay control: ReplayControl and ReplayRequest to replays and the engine, ReplayStatus back. */
    public static final int REPLAY_CONTROL_STREAM_ID = 1007;

    private Streams()
    {
    }

    /**
     * @param name {@code ticks}, {@code analytics}, {@code alerts} or {@code replay}.
     * @return its stream id.
     * @throws IllegalArgumentException for another name.
     */
    public static int streamId(final String name)
    {
        switch (name)
        {
            case "ticks":
                return TICKS_STREAM_ID;
            case "analytics":
                return ANALYTICS_STREAM_ID;
            case "alerts":
                return ALERTS_STREAM_ID;
            case "replay":
                return REPLAY_STREAM_ID;
            default:
                throw new IllegalArgumentException("unknown stream '" + name + "', expected ticks, analytics, alerts or replay");
        }
    }
}
