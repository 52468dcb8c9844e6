package io.ticktape.client;

import io.ticktape.protocol.sbe.ActivityBarDecoder;
import io.ticktape.protocol.sbe.AlertAckReplyDecoder;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.ChannelStatusDecoder;
import io.ticktape.protocol.sbe.GapDecoder;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;

/**
 * Callbacks for Ticktape's published messages. Each decoder is a flyweight over the received buffer, valid only
 * during the call: read what you need, keep nothing. Implement the ones you care about.
 */
public interface TicktapeListener
{
    /**
     * @param instrument a sequenced instrument definition.
     */
    default void onInstrument(final InstrumentTickDecoder instrument)
    {
    }

    /**
     * @param trade a sequenced trade.
     */
    default void onTrade(final TradeTickDecoder trade)
    {
    }

    /**
     * @param quote a sequenced top of book.
     */
    default void onQuote(final QuoteTickDecoder quote)
    {
    }

    /**
     * @param gap line sequence numbers lost on every line of a channel, in order with the ticks around it.
     */
    default void onGap(final GapDecoder gap)
    {
    }

    /**
     * @param status a channel went silent, or came back.
     */
    default void onChannelStatus(final ChannelStatusDecoder status)
    {
    }

    /**
     * @param bar a closed bar, or an in-progress snapshot.
     */
    default void onBar(final BarDecoder bar)
    {
    }

    /**
     * @param vwap session VWAP after a trade.
     */
    default void onVwap(final VwapUpdateDecoder vwap)
    {
    }

    /**
     * @param score an anomaly score.
     */
    default void onAnomaly(final AnomalyScoreDecoder score)
    {
    }

    /**
     * @param statistics an instrument's rolling statistics after a trade.
     */
    default void onStatistics(final StatisticsDecoder statistics)
    {
    }

    /**
     * @param bar a closed volume, tick or notional bar.
     */
    default void onActivityBar(final ActivityBarDecoder bar)
    {
    }

    /**
     * @param alert an alert raised, cleared or acknowledged (alerts stream).
     */
    default void onAlert(final AlertEventDecoder alert)
    {
    }

    /**
     * @param reply the engine's answer to an acknowledgement (alerts stream).
     */
    default void onAlertAckReply(final AlertAckReplyDecoder reply)
    {
    }
}
