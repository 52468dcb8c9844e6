package io.ticktape.engine;

import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.sbe.InstrumentDefinitionDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteDecoder;
import io.ticktape.protocol.sbe.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the simulator emits, decoded straight from its frames with the generated SBE decoders (not the engine's
 * feed handler), as the independent reference for end-to-end tests.
 */
final class ReferenceFeed
{
    /** Byte offset of messageCount in the frame header (see FrameHeaderFlyweight's diagram). */
    private static final int MESSAGE_COUNT_OFFSET = 18;
    private static final int FRAME_HEADER_LENGTH = 20;

    record RefTick(
        char type, int instrument, long timeNs, long price, long size, long bid, long bidSize, long ask, long askSize,
        int exponent, String symbol)
    {
    }

    private ReferenceFeed()
    {
    }

    static List<RefTick> generate(final long seed, final int instruments, final long rate, final long maxMessages)
    {
        final MarketSimulator simulator =
            new MarketSimulator(seed, instruments, rate, 1, MarketSimulator.DEFAULT_START_NS,
                Durations.parseNs(new EngineConfig().simulator.shockInterval));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final TradeDecoder trade = new TradeDecoder();
        final QuoteDecoder quote = new QuoteDecoder();
        final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
        final List<RefTick> ticks = new ArrayList<>();
        while (simulator.messagesGenerated() < maxMessages)
        {
            simulator.nextFrame(frame, 0);
            final int count = frame.getShort(MESSAGE_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            int offset = FRAME_HEADER_LENGTH;
            for (int i = 0; i < count; i++)
            {
                header.wrap(frame, offset);
                final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
                switch (header.templateId())
                {
                    case TradeDecoder.TEMPLATE_ID:
                        trade.wrap(frame, body, header.blockLength(), header.version());
                        ticks.add(new RefTick('T', (int)trade.instrumentId(), trade.exchangeTimeNs(),
                            trade.priceMantissa(), trade.size(), 0, 0, 0, 0, 0, null));
                        break;
                    case QuoteDecoder.TEMPLATE_ID:
                        quote.wrap(frame, body, header.blockLength(), header.version());
                        ticks.add(new RefTick('Q', (int)quote.instrumentId(), quote.exchangeTimeNs(), 0, 0,
                            quote.bidPriceMantissa(), quote.bidSize(), quote.askPriceMantissa(), quote.askSize(), 0,
                            null));
                        break;
                    case InstrumentDefinitionDecoder.TEMPLATE_ID:
                        definition.wrap(frame, body, header.blockLength(), header.version());
                        ticks.add(new RefTick('I', (int)definition.instrumentId(), 0, 0, 0, 0, 0, 0, 0,
                            definition.priceExponent(), definition.symbol().trim()));
                        break;
                    default:
                        throw new IllegalStateException("simulator wrote template " + header.templateId());
                }
                offset = body + header.blockLength();
            }
        }
        return ticks;
    }
}
