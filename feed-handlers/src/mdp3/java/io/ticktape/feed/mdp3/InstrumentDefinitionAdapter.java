package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.mdp3.sbe.v13.MDInstrumentDefinitionFuture54Decoder;
import io.ticktape.feed.mdp3.sbe.v13.MDInstrumentDefinitionOption55Decoder;
import io.ticktape.feed.mdp3.sbe.v13.MDInstrumentDefinitionSpread56Decoder;
import io.ticktape.feed.mdp3.sbe.v9.MDInstrumentDefinitionFuture27Decoder;
import io.ticktape.feed.mdp3.sbe.v9.MDInstrumentDefinitionOption41Decoder;
import io.ticktape.feed.mdp3.sbe.v9.MDInstrumentDefinitionSpread29Decoder;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Instrument definitions (futures 27 and 54, spreads 29 and 56, options 41 and 55) into INSTRUMENT ticks:
 * instrument = SecurityID, symbol = Symbol (up to its first NUL, trailing spaces trimmed, at most
 * {@link Tick#SYMBOL_CAPACITY} bytes), price exponent -9 (every price this decoder delivers is PRICE9), tick size =
 * MinPriceIncrement as PRICE9 (0 where an option or spread has none), exchange time = LastUpdateTime.
 * <p>
 * CME prices are not display prices: display price = mantissa * 10^-9 * DisplayFactor (DisplayFactor 0.01 for ES:
 * a trade at mantissa 207775000000000 is 207775 in PRICE9 terms and 2077.75 index points on screen). DisplayFactor
 * is left out of the tick; a consumer that shows prices multiplies by it.
 */
final class InstrumentDefinitionAdapter
{
    private static final int SYMBOL_LENGTH = MDInstrumentDefinitionFuture27Decoder.symbolLength();
    private static final int ROOT_27 = MDInstrumentDefinitionFuture27Decoder.minPriceIncrementEncodingOffset() +
        MDInstrumentDefinitionFuture27Decoder.minPriceIncrementEncodingLength();
    private static final int ROOT_29 = MDInstrumentDefinitionSpread29Decoder.minPriceIncrementEncodingOffset() +
        MDInstrumentDefinitionSpread29Decoder.minPriceIncrementEncodingLength();
    private static final int ROOT_41 = MDInstrumentDefinitionOption41Decoder.minPriceIncrementEncodingOffset() +
        MDInstrumentDefinitionOption41Decoder.minPriceIncrementEncodingLength();
    private static final int ROOT_54 = MDInstrumentDefinitionFuture54Decoder.minPriceIncrementEncodingOffset() +
        MDInstrumentDefinitionFuture54Decoder.minPriceIncrementEncodingLength();
    private static final int ROOT_55 = MDInstrumentDefinitionOption55Decoder.minPriceIncrementEncodingOffset() +
        MDInstrumentDefinitionOption55Decoder.minPriceIncrementEncodingLength();
    private static final int ROOT_56 = MDInstrumentDefinitionSpread56Decoder.minPriceIncrementEncodingOffset() +
        MDInstrumentDefinitionSpread56Decoder.minPriceIncrementEncodingLength();

    private final MDInstrumentDefinitionFuture27Decoder future27 = new MDInstrumentDefinitionFuture27Decoder();
    private final MDInstrumentDefinitionSpread29Decoder spread29 = new MDInstrumentDefinitionSpread29Decoder();
    private final MDInstrumentDefinitionOption41Decoder option41 = new MDInstrumentDefinitionOption41Decoder();
    private final MDInstrumentDefinitionFuture54Decoder future54 = new MDInstrumentDefinitionFuture54Decoder();
    private final MDInstrumentDefinitionOption55Decoder option55 = new MDInstrumentDefinitionOption55Decoder();
    private final MDInstrumentDefinitionSpread56Decoder spread56 = new MDInstrumentDefinitionSpread56Decoder();
    private final byte[] symbol = new byte[SYMBOL_LENGTH];
    private final MarketDataHandler handler;
    private final Mdp3Counters counters;

    InstrumentDefinitionAdapter(final MarketDataHandler handler, final Mdp3Counters counters)
    {
        this.handler = handler;
        this.counters = counters;
    }

    /**
     * Deliver the instrument one definition message describes.
     *
     * @param templateId  27, 29, 41, 54, 55 or 56.
     * @param body        where the root block starts.
     * @param blockLength root block length from the header (known to lie within the message).
     * @param version     schema version from the header.
     * @return instruments delivered, 0 or 1.
     */
    int onMessage(
        final int templateId,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final Tick tick)
    {
        final int securityId;
        final long lastUpdateTime;
        final long tickSize;
        switch (templateId)
        {
            case Mdp3Templates.FUTURE_DEFINITION_V2:
                if (blockLength < ROOT_27)
                {
                    return badBlock(templateId, blockLength);
                }
                future27.wrap(buffer, body, blockLength, version).getSymbol(symbol, 0);
                securityId = future27.securityID();
                lastUpdateTime = future27.lastUpdateTime();
                tickSize = Prices9.fromPrice7(future27.minPriceIncrement().mantissa());
                break;

            case Mdp3Templates.SPREAD_DEFINITION_V2:
                if (blockLength < ROOT_29)
                {
                    return badBlock(templateId, blockLength);
                }
                spread29.wrap(buffer, body, blockLength, version).getSymbol(symbol, 0);
                securityId = spread29.securityID();
                lastUpdateTime = spread29.lastUpdateTime();
                tickSize = Prices9.fromPrice7(spread29.minPriceIncrement().mantissa());
                break;

            case Mdp3Templates.OPTION_DEFINITION_V3:
                if (blockLength < ROOT_41)
                {
                    return badBlock(templateId, blockLength);
                }
                option41.wrap(buffer, body, blockLength, version).getSymbol(symbol, 0);
                securityId = option41.securityID();
                lastUpdateTime = option41.lastUpdateTime();
                tickSize = Prices9.fromPrice7(option41.minPriceIncrement().mantissa());
                break;

            case Mdp3Templates.FUTURE_DEFINITION_V9:
                if (blockLength < ROOT_54)
                {
                    return badBlock(templateId, blockLength);
                }
                future54.wrap(buffer, body, blockLength, version).getSymbol(symbol, 0);
                securityId = future54.securityID();
                lastUpdateTime = future54.lastUpdateTime();
                tickSize = Prices9.fromPrice9(future54.minPriceIncrement().mantissa());
                break;

            case Mdp3Templates.OPTION_DEFINITION_V9:
                if (blockLength < ROOT_55)
                {
                    return badBlock(templateId, blockLength);
                }
                option55.wrap(buffer, body, blockLength, version).getSymbol(symbol, 0);
                securityId = option55.securityID();
                lastUpdateTime = option55.lastUpdateTime();
                tickSize = Prices9.fromPrice9(option55.minPriceIncrement().mantissa());
                break;

            default:
                if (blockLength < ROOT_56)
                {
                    return badBlock(templateId, blockLength);
                }
                spread56.wrap(buffer, body, blockLength, version).getSymbol(symbol, 0);
                securityId = spread56.securityID();
                lastUpdateTime = spread56.lastUpdateTime();
                tickSize = Prices9.fromPrice9(spread56.minPriceIncrement().mantissa());
                break;
        }

        tick.type = TickType.INSTRUMENT;
        tick.instrumentId = securityId;
        tick.exchangeTimeNs = lastUpdateTime;
        tick.priceExponent = Prices9.EXPONENT;
        tick.tickSizeMantissa = tickSize == Prices9.INVALID ? 0 : tickSize;
        copySymbol(tick);
        counters.instruments.incrementRelease();
        handler.onTick(tick);
        return 1;
    }

    private void copySymbol(final Tick tick)
    {
        int length = 0;
        while (length < SYMBOL_LENGTH && symbol[length] != 0)
        {
            length++;
        }
        while (length > 0 && symbol[length - 1] == ' ')
        {
            length--;
        }
        if (length > Tick.SYMBOL_CAPACITY)
        {
            counters.symbolsTruncated.incrementRelease();
            length = Tick.SYMBOL_CAPACITY;
        }
        Arrays.fill(tick.symbol, (byte)0);
        System.arraycopy(symbol, 0, tick.symbol, 0, length);
        tick.symbolLength = length;
    }

    private int badBlock(final int templateId, final int blockLength)
    {
        counters.malformed(Malformation.BLOCK_LENGTH, templateId, blockLength);
        return 0;
    }
}
