package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.mdp3.sbe.v13.AggressorSide;
import io.ticktape.feed.mdp3.sbe.v13.MDIncrementalRefreshTradeSummary48Decoder;
import io.ticktape.feed.mdp3.sbe.v13.MDIncrementalRefreshTradeSummaryLongQty65Decoder;
import io.ticktape.feed.mdp3.sbe.v9.MDIncrementalRefreshTradeSummary42Decoder;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;

/**
 * Trade summaries (templates 42, 48 and 65) into TRADE ticks, one per MDEntry: instrument = SecurityID, exchange
 * time = TransactTime, price = MDEntryPx as PRICE9, size = MDEntrySize, aggressor 1 buy / 2 sell / 0 none, trade id
 * = MDTradeEntryID where the entry has one (schema version 7 on), else RptSeq.
 * <p>
 * Only entries with MDUpdateAction New are trades; others (a bust sent as Delete) are counted
 * ({@code trades.not_new}) and not delivered, since a consumer would otherwise count the trade twice. The
 * NoOrderIDEntries group that follows is not read: the message is skipped by its MsgSize.
 */
final class TradeSummaryAdapter
{
    private static final short ACTION_NEW = 0;
    private static final short BUY = AggressorSide.Buy.value();
    private static final short SELL = AggressorSide.Sell.value();
    private static final long UINT32_NULL = 0xFFFF_FFFFL;

    private static final int ROOT_42 = MDIncrementalRefreshTradeSummary42Decoder.transactTimeEncodingOffset() +
        MDIncrementalRefreshTradeSummary42Decoder.transactTimeEncodingLength();
    private static final int ENTRY_42_V5 = MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder
        .mDUpdateActionEncodingOffset() +
        MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder.mDUpdateActionEncodingLength();
    private static final int ENTRY_42_TRADE_ID = MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder
        .mDTradeEntryIDEncodingOffset() +
        MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder.mDTradeEntryIDEncodingLength();
    private static final int TRADE_ID_42_SINCE =
        MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder.mDTradeEntryIDSinceVersion();
    private static final int ROOT_48 = MDIncrementalRefreshTradeSummary48Decoder.transactTimeEncodingOffset() +
        MDIncrementalRefreshTradeSummary48Decoder.transactTimeEncodingLength();
    private static final int ENTRY_48 = MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder
        .mDTradeEntryIDEncodingOffset() +
        MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder.mDTradeEntryIDEncodingLength();
    private static final int ROOT_65 = MDIncrementalRefreshTradeSummaryLongQty65Decoder.transactTimeEncodingOffset() +
        MDIncrementalRefreshTradeSummaryLongQty65Decoder.transactTimeEncodingLength();
    private static final int ENTRY_65 = MDIncrementalRefreshTradeSummaryLongQty65Decoder.NoMDEntriesDecoder
        .mDUpdateActionEncodingOffset() +
        MDIncrementalRefreshTradeSummaryLongQty65Decoder.NoMDEntriesDecoder.mDUpdateActionEncodingLength();

    private final MDIncrementalRefreshTradeSummary42Decoder trade42 = new MDIncrementalRefreshTradeSummary42Decoder();
    private final MDIncrementalRefreshTradeSummary48Decoder trade48 = new MDIncrementalRefreshTradeSummary48Decoder();
    private final MDIncrementalRefreshTradeSummaryLongQty65Decoder trade65 =
        new MDIncrementalRefreshTradeSummaryLongQty65Decoder();
    private final MarketDataHandler handler;
    private final Mdp3Counters counters;

    TradeSummaryAdapter(final MarketDataHandler handler, final Mdp3Counters counters)
    {
        this.handler = handler;
        this.counters = counters;
    }

    /**
     * Deliver the trades of one trade summary message.
     *
     * @param templateId  42, 48 or 65.
     * @param body        where the root block starts.
     * @param blockLength root block length from the header (known to lie within the message).
     * @param version     schema version from the header.
     * @param msgEnd      first byte after the message.
     * @return trades delivered.
     */
    int onMessage(
        final int templateId,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int msgEnd,
        final Tick tick)
    {
        switch (templateId)
        {
            case Mdp3Templates.TRADE_SUMMARY_V5:
                return on42(buffer, body, blockLength, version, msgEnd, tick);
            case Mdp3Templates.TRADE_SUMMARY_V9:
                return on48(buffer, body, blockLength, version, msgEnd, tick);
            default:
                return on65(buffer, body, blockLength, version, msgEnd, tick);
        }
    }

    private int on42(
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int msgEnd,
        final Tick tick)
    {
        final int templateId = Mdp3Templates.TRADE_SUMMARY_V5;
        if (blockLength < ROOT_42)
        {
            counters.malformed(Malformation.BLOCK_LENGTH, templateId, blockLength);
            return 0;
        }
        final MDIncrementalRefreshTradeSummary42Decoder decoder = trade42.wrap(buffer, body, blockLength, version);
        if (!Groups.headerFits(decoder.limit(), MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder
            .HEADER_SIZE, msgEnd, templateId, counters))
        {
            return 0;
        }
        final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int required = version >= TRADE_ID_42_SINCE ? ENTRY_42_TRADE_ID : ENTRY_42_V5;
        if (!Groups.entriesFit(decoder.limit(), entries.count(), entries.actingBlockLength(), required, msgEnd,
            templateId, counters))
        {
            return 0;
        }
        final long transactTime = decoder.transactTime();
        int delivered = 0;
        while (entries.hasNext())
        {
            entries.next();
            final long price = Prices9.fromPrice7(entries.mDEntryPx().mantissa());
            if (accept(templateId, entries.mDUpdateActionRaw(), price))
            {
                final long tradeId = entries.mDTradeEntryID();
                delivered += deliver(tick, entries.securityID(), transactTime, price, entries.mDEntrySize(),
                    entries.aggressorSideRaw(), tradeId != UINT32_NULL ? tradeId : entries.rptSeq());
            }
        }
        return delivered;
    }

    private int on48(
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int msgEnd,
        final Tick tick)
    {
        final int templateId = Mdp3Templates.TRADE_SUMMARY_V9;
        if (blockLength < ROOT_48)
        {
            counters.malformed(Malformation.BLOCK_LENGTH, templateId, blockLength);
            return 0;
        }
        final MDIncrementalRefreshTradeSummary48Decoder decoder = trade48.wrap(buffer, body, blockLength, version);
        if (!Groups.headerFits(decoder.limit(), MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder
            .HEADER_SIZE, msgEnd, templateId, counters))
        {
            return 0;
        }
        final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        if (!Groups.entriesFit(decoder.limit(), entries.count(), entries.actingBlockLength(), ENTRY_48, msgEnd,
            templateId, counters))
        {
            return 0;
        }
        final long transactTime = decoder.transactTime();
        int delivered = 0;
        while (entries.hasNext())
        {
            entries.next();
            final long price = Prices9.fromPrice9(entries.mDEntryPx().mantissa());
            if (accept(templateId, entries.mDUpdateActionRaw(), price))
            {
                final long tradeId = entries.mDTradeEntryID();
                delivered += deliver(tick, entries.securityID(), transactTime, price, entries.mDEntrySize(),
                    entries.aggressorSideRaw(), tradeId != UINT32_NULL ? tradeId : entries.rptSeq());
            }
        }
        return delivered;
    }

    private int on65(
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int msgEnd,
        final Tick tick)
    {
        final int templateId = Mdp3Templates.TRADE_SUMMARY_LONG_QTY;
        if (blockLength < ROOT_65)
        {
            counters.malformed(Malformation.BLOCK_LENGTH, templateId, blockLength);
            return 0;
        }
        final MDIncrementalRefreshTradeSummaryLongQty65Decoder decoder =
            trade65.wrap(buffer, body, blockLength, version);
        if (!Groups.headerFits(decoder.limit(), MDIncrementalRefreshTradeSummaryLongQty65Decoder.NoMDEntriesDecoder
            .HEADER_SIZE, msgEnd, templateId, counters))
        {
            return 0;
        }
        final MDIncrementalRefreshTradeSummaryLongQty65Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        if (!Groups.entriesFit(decoder.limit(), entries.count(), entries.actingBlockLength(), ENTRY_65, msgEnd,
            templateId, counters))
        {
            return 0;
        }
        final long transactTime = decoder.transactTime();
        int delivered = 0;
        while (entries.hasNext())
        {
            entries.next();
            final long price = Prices9.fromPrice9(entries.mDEntryPx().mantissa());
            final long size = entries.mDEntrySize();
            if (size < 0)
            {
                // A uint64 quantity past Long.MAX_VALUE: no real trade is that large.
                counters.malformed(Malformation.ENTRY, templateId, size);
            }
            else if (accept(templateId, entries.mDUpdateActionRaw(), price))
            {
                delivered += deliver(tick, entries.securityID(), transactTime, price, size,
                    entries.aggressorSideRaw(), entries.mDTradeEntryID());
            }
        }
        return delivered;
    }

    private boolean accept(final int templateId, final short action, final long price)
    {
        if (price == Prices9.INVALID)
        {
            return counters.malformed(Malformation.ENTRY, templateId, price);
        }
        if (action != ACTION_NEW)
        {
            counters.tradesNotNew.incrementRelease();
            return false;
        }
        return true;
    }

    private int deliver(
        final Tick tick,
        final int securityId,
        final long transactTime,
        final long price,
        final long size,
        final short aggressor,
        final long tradeId)
    {
        tick.type = TickType.TRADE;
        tick.instrumentId = securityId;
        tick.exchangeTimeNs = transactTime;
        tick.priceMantissa = price;
        tick.size = size;
        tick.aggressorSide = aggressor == BUY || aggressor == SELL ? (byte)aggressor : 0;
        tick.tradeId = tradeId;
        counters.trades.incrementRelease();
        handler.onTick(tick);
        return 1;
    }
}
