package io.ticktape.feed.ticktape;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.sbe.HeartbeatDecoder;
import io.ticktape.protocol.sbe.InstrumentDefinitionDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteDecoder;
import io.ticktape.protocol.sbe.TradeDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Symbols;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Decodes frames of Ticktape's own SBE feed into normalized ticks.
 * <p>
 * A frame is a {@code FrameHeader} and {@code messageCount} messages (see the schema for the layout). Anything from
 * the wire is untrusted: a frame shorter than its header, a message whose block runs past the frame, a foreign
 * schema, a version older than the template needs, or a template this decoder does not know is counted, logged once
 * per kind, and skipped; valid messages before it in the frame are kept. Decoding allocates nothing.
 */
public final class TicktapeFeedDecoder
{
    private static final Logger LOG = System.getLogger(TicktapeFeedDecoder.class.getName());

    private final FrameHeaderFlyweight frameHeader = new FrameHeaderFlyweight();
    private final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder instrumentDecoder = new InstrumentDefinitionDecoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final QuoteDecoder quoteDecoder = new QuoteDecoder();
    private final HeartbeatDecoder heartbeatDecoder = new HeartbeatDecoder();
    private final Tick tick = new Tick();
    private final MarketDataHandler handler;

    private final AtomicCounter frames;
    private final AtomicCounter messages;
    private final AtomicCounter heartbeats;
    private final AtomicCounter truncatedFrames;
    private final AtomicCounter foreignSchema;
    private final AtomicCounter unknownTemplates;
    private final AtomicCounter badBlockLength;
    private boolean loggedTruncated;
    private boolean loggedForeign;
    private boolean loggedUnknown;
    private boolean loggedBadBlock;

    /**
     * @param handler  receives frames and ticks.
     * @param counters where this decoder's counters are allocated.
     * @param prefix   label prefix for the counters, e.g. {@code feed.sim}.
     */
    public TicktapeFeedDecoder(final MarketDataHandler handler, final Counters counters, final String prefix)
    {
        this.handler = handler;
        frames = counters.newCounter(prefix + ".frames");
        messages = counters.newCounter(prefix + ".messages");
        heartbeats = counters.newCounter(prefix + ".heartbeats");
        truncatedFrames = counters.newCounter(prefix + ".malformed.truncated");
        foreignSchema = counters.newCounter(prefix + ".malformed.foreign_schema");
        unknownTemplates = counters.newCounter(prefix + ".malformed.unknown_template");
        badBlockLength = counters.newCounter(prefix + ".malformed.bad_block_length");
    }

    /**
     * Decode one frame.
     *
     * @param buffer    holding the frame.
     * @param offset    where the frame starts.
     * @param length    bytes in the frame.
     * @param receiveNs when it was received (nanoTime).
     * @return number of messages delivered.
     */
    public int onFrame(final DirectBuffer buffer, final int offset, final int length, final long receiveNs)
    {
        if (length < FrameHeaderFlyweight.LENGTH || offset < 0 || length > buffer.capacity() - offset)
        {
            truncatedFrames.incrementRelease();
            if (!loggedTruncated)
            {
                loggedTruncated = true;
                LOG.log(Level.WARNING, "skipping truncated frame: length={0} (first of its kind, counted after)",
                    length);
            }
            return 0;
        }
        frames.incrementRelease();

        frameHeader.wrap(buffer, offset);
        final int channelId = frameHeader.channelId();
        final long lineSeq = frameHeader.lineSeq();
        final int messageCount = frameHeader.messageCount();
        if (!handler.onFrame(channelId, lineSeq, frameHeader.sendingTimeNs(), receiveNs))
        {
            return 0;
        }

        final Tick tick = this.tick;
        tick.channelId = channelId;
        tick.lineSeq = lineSeq;
        tick.receiveNs = receiveNs;

        final int limit = offset + length;
        int position = offset + FrameHeaderFlyweight.LENGTH;
        int delivered = 0;
        for (int i = 0; i < messageCount; i++)
        {
            final int consumed = decodeMessage(buffer, position, limit, tick);
            if (consumed <= 0)
            {
                break;
            }
            position += consumed;
            if (tick.type != TickType.NONE)
            {
                delivered++;
                handler.onTick(tick);
            }
        }
        return delivered;
    }

    private int decodeMessage(final DirectBuffer buffer, final int position, final int limit, final Tick tick)
    {
        if (position + MessageHeaderDecoder.ENCODED_LENGTH > limit)
        {
            onTruncated(limit - position);
            return 0;
        }
        messageHeader.wrap(buffer, position);
        final int blockLength = messageHeader.blockLength();
        final int templateId = messageHeader.templateId();
        final int version = messageHeader.version();
        final int body = position + MessageHeaderDecoder.ENCODED_LENGTH;
        if (body + blockLength > limit)
        {
            onTruncated(limit - position);
            return 0;
        }
        if (messageHeader.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            foreignSchema.incrementRelease();
            if (!loggedForeign)
            {
                loggedForeign = true;
                LOG.log(Level.WARNING, "skipping rest of frame: foreign schema id {0}", messageHeader.schemaId());
            }
            return 0;
        }

        tick.type = TickType.NONE;
        switch (templateId)
        {
            case TradeDecoder.TEMPLATE_ID:
                if (blockLength < TradeDecoder.BLOCK_LENGTH)
                {
                    return onBadBlock(templateId, blockLength);
                }
                decodeTrade(buffer, body, blockLength, version, tick);
                break;

            case QuoteDecoder.TEMPLATE_ID:
                if (blockLength < QuoteDecoder.BLOCK_LENGTH)
                {
                    return onBadBlock(templateId, blockLength);
                }
                decodeQuote(buffer, body, blockLength, version, tick);
                break;

            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                if (blockLength < InstrumentDefinitionDecoder.BLOCK_LENGTH)
                {
                    return onBadBlock(templateId, blockLength);
                }
                decodeInstrument(buffer, body, blockLength, version, tick);
                break;

            case HeartbeatDecoder.TEMPLATE_ID:
                heartbeats.incrementRelease();
                break;

            default:
                // A newer publisher's template: skip the block by its declared length and keep the frame's rest.
                onUnknownTemplate(templateId);
                break;
        }
        if (tick.type != TickType.NONE)
        {
            messages.incrementRelease();
        }
        return MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
    }

    // The cases live in methods of their own so that decodeMessage stays small enough for the JIT to inline.

    private void decodeTrade(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final Tick tick)
    {
        final TradeDecoder trade = tradeDecoder.wrap(buffer, body, blockLength, version);
        tick.type = TickType.TRADE;
        tick.instrumentId = (int)trade.instrumentId();
        tick.exchangeTimeNs = trade.exchangeTimeNs();
        tick.priceMantissa = trade.priceMantissa();
        tick.size = trade.size();
        tick.aggressorSide = (byte)trade.aggressorSideRaw();
        tick.tradeId = trade.tradeId();
    }

    private void decodeQuote(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final Tick tick)
    {
        final QuoteDecoder quote = quoteDecoder.wrap(buffer, body, blockLength, version);
        tick.type = TickType.QUOTE;
        tick.instrumentId = (int)quote.instrumentId();
        tick.exchangeTimeNs = quote.exchangeTimeNs();
        tick.bidPriceMantissa = quote.bidPriceMantissa();
        tick.bidSize = quote.bidSize();
        tick.askPriceMantissa = quote.askPriceMantissa();
        tick.askSize = quote.askSize();
    }

    private void decodeInstrument(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final Tick tick)
    {
        final InstrumentDefinitionDecoder instrument = instrumentDecoder.wrap(buffer, body, blockLength, version);
        tick.type = TickType.INSTRUMENT;
        tick.instrumentId = (int)instrument.instrumentId();
        tick.exchangeTimeNs = 0;
        tick.priceExponent = instrument.priceExponent();
        tick.tickSizeMantissa = instrument.tickSizeMantissa();
        instrument.getSymbol(tick.symbol, 0);
        tick.symbolLength = Symbols.length(tick.symbol);
    }

    private void onUnknownTemplate(final int templateId)
    {
        unknownTemplates.incrementRelease();
        if (!loggedUnknown)
        {
            loggedUnknown = true;
            LOG.log(Level.WARNING, "skipping unknown template id {0} (first of its kind)", templateId);
        }
    }

    private void onTruncated(final int remaining)
    {
        truncatedFrames.incrementRelease();
        if (!loggedTruncated)
        {
            loggedTruncated = true;
            LOG.log(Level.WARNING, "frame ends inside a message: {0} bytes left (first of its kind)", remaining);
        }
    }

    private int onBadBlock(final int templateId, final int blockLength)
    {
        badBlockLength.incrementRelease();
        if (!loggedBadBlock)
        {
            loggedBadBlock = true;
            LOG.log(Level.WARNING, "template {0} with block length {1} shorter than its fields (first of its kind)",
                templateId, blockLength);
        }
        return 0;
    }
}
