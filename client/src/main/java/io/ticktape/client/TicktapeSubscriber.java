package io.ticktape.client;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ticktape.protocol.sbe.ActivityBarDecoder;
import io.ticktape.protocol.sbe.AlertAckReplyDecoder;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.ChannelStatusDecoder;
import io.ticktape.protocol.sbe.GapDecoder;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import org.agrona.DirectBuffer;

/**
 * The adapter a trading system polls: reads Ticktape's SBE messages from an Aeron subscription and calls a
 * {@link TicktapeListener} with reused flyweight decoders. Allocation free; one instance per polling thread.
 * <p>
 * Messages from another schema, with an unknown template, or shorter than their template's block are counted in
 * {@link #skipped()} and ignored, so a newer engine can add templates without breaking older subscribers.
 */
public final class TicktapeSubscriber implements FragmentHandler
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentTickDecoder instrument = new InstrumentTickDecoder();
    private final TradeTickDecoder trade = new TradeTickDecoder();
    private final QuoteTickDecoder quote = new QuoteTickDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final VwapUpdateDecoder vwap = new VwapUpdateDecoder();
    private final AnomalyScoreDecoder anomaly = new AnomalyScoreDecoder();
    private final StatisticsDecoder statistics = new StatisticsDecoder();
    private final ActivityBarDecoder activityBar = new ActivityBarDecoder();
    private final GapDecoder gap = new GapDecoder();
    private final ChannelStatusDecoder status = new ChannelStatusDecoder();
    private final AlertEventDecoder alert = new AlertEventDecoder();
    private final AlertAckReplyDecoder ackReply = new AlertAckReplyDecoder();
    private final TicktapeListener listener;
    private long received;
    private long skipped;

    /**
     * @param listener receives decoded messages.
     */
    public TicktapeSubscriber(final TicktapeListener listener)
    {
        this.listener = listener;
    }

    /**
     * Poll a subscription once.
     *
     * @param subscription  to poll.
     * @param fragmentLimit most messages to deliver.
     * @return messages delivered.
     */
    public int poll(final Subscription subscription, final int fragmentLimit)
    {
        return subscription.poll(this, fragmentLimit);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        onMessage(buffer, offset, length);
    }

    /**
     * Decode one message (also usable without Aeron, e.g. on journaled bytes).
     *
     * @param buffer holding the message.
     * @param offset of its message header.
     * @param length of the message.
     */
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            skipped++;
            return;
        }
        header.wrap(buffer, offset);
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            skipped++;
            return;
        }

        switch (header.templateId())
        {
            case TradeTickDecoder.TEMPLATE_ID:
                if (blockLength < TradeTickDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onTrade(trade.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case QuoteTickDecoder.TEMPLATE_ID:
                if (blockLength < QuoteTickDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onQuote(quote.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case InstrumentTickDecoder.TEMPLATE_ID:
                if (blockLength < InstrumentTickDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onInstrument(instrument.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case GapDecoder.TEMPLATE_ID:
                if (blockLength < GapDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onGap(gap.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case ChannelStatusDecoder.TEMPLATE_ID:
                if (blockLength < ChannelStatusDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onChannelStatus(status.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case BarDecoder.TEMPLATE_ID:
                if (blockLength < BarDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onBar(bar.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case VwapUpdateDecoder.TEMPLATE_ID:
                if (blockLength < VwapUpdateDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onVwap(vwap.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case AnomalyScoreDecoder.TEMPLATE_ID:
                if (blockLength < AnomalyScoreDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onAnomaly(anomaly.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case StatisticsDecoder.TEMPLATE_ID:
                if (blockLength < StatisticsDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                // Its price-window group follows the block: the decoder reads it bounded by the buffer's capacity.
                listener.onStatistics(statistics.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case ActivityBarDecoder.TEMPLATE_ID:
                if (blockLength < ActivityBarDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onActivityBar(activityBar.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case AlertEventDecoder.TEMPLATE_ID:
                // The rule name (var data) follows the block: it must lie inside this message.
                if (blockLength < AlertEventDecoder.BLOCK_LENGTH ||
                    MessageHeaderDecoder.ENCODED_LENGTH + blockLength + AlertEventDecoder.ruleHeaderLength() > length ||
                    MessageHeaderDecoder.ENCODED_LENGTH + blockLength + AlertEventDecoder.ruleHeaderLength() +
                    (buffer.getInt(body + blockLength, java.nio.ByteOrder.LITTLE_ENDIAN) & 0x7FFF_FFFFL) > length)
                {
                    break;
                }
                listener.onAlert(alert.wrap(buffer, body, blockLength, version));
                received++;
                return;

            case AlertAckReplyDecoder.TEMPLATE_ID:
                if (blockLength < AlertAckReplyDecoder.BLOCK_LENGTH)
                {
                    break;
                }
                listener.onAlertAckReply(ackReply.wrap(buffer, body, blockLength, version));
                received++;
                return;

            default:
                break;
        }
        skipped++;
    }

    /**
     * @return messages delivered to the listener.
     */
    public long received()
    {
        return received;
    }

    /**
     * @return messages ignored (foreign schema, unknown template, short block).
     */
    public long skipped()
    {
        return skipped;
    }
}
