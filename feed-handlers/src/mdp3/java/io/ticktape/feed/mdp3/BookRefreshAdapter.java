package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.mdp3.sbe.v13.MDIncrementalRefreshBook46Decoder;
import io.ticktape.feed.mdp3.sbe.v13.MDIncrementalRefreshBookLongQty64Decoder;
import io.ticktape.feed.mdp3.sbe.v13.MDEntryTypeBook;
import io.ticktape.feed.mdp3.sbe.v9.MDIncrementalRefreshBook32Decoder;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Market-by-price book refreshes (templates 32, 46 and 64) into QUOTE ticks: the entries of a message update a
 * {@link PriceLevelBook} per SecurityID, then one QUOTE goes out for each security whose best bid or offer the
 * message changed.
 * <p>
 * Implied entries (MDEntryType E and F) are not the outright book and are counted and skipped. A book is created
 * the first time its security is seen, up to {@link #MAX_BOOKS}; beyond that, entries of new securities are
 * counted ({@code book.full}) and skipped so that hostile SecurityIDs cannot exhaust memory.
 */
final class BookRefreshAdapter
{
    /** Most securities with a book, per decoder. */
    static final int MAX_BOOKS = 1 << 17;

    private static final int MAX_ENTRIES = 255;
    private static final byte BID = MDEntryTypeBook.Bid.value();
    private static final byte OFFER = MDEntryTypeBook.Offer.value();
    private static final byte IMPLIED_BID = MDEntryTypeBook.ImpliedBid.value();
    private static final byte IMPLIED_OFFER = MDEntryTypeBook.ImpliedOffer.value();
    private static final byte BOOK_RESET = MDEntryTypeBook.BookReset.value();

    private static final int ROOT_32 = MDIncrementalRefreshBook32Decoder.transactTimeEncodingOffset() +
        MDIncrementalRefreshBook32Decoder.transactTimeEncodingLength();
    private static final int ENTRY_32 = MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder
        .mDEntryTypeEncodingOffset() + MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder.mDEntryTypeEncodingLength();
    private static final int ROOT_46 = MDIncrementalRefreshBook46Decoder.transactTimeEncodingOffset() +
        MDIncrementalRefreshBook46Decoder.transactTimeEncodingLength();
    private static final int ENTRY_46 = MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder
        .mDEntryTypeEncodingOffset() + MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.mDEntryTypeEncodingLength();
    private static final int ROOT_64 = MDIncrementalRefreshBookLongQty64Decoder.transactTimeEncodingOffset() +
        MDIncrementalRefreshBookLongQty64Decoder.transactTimeEncodingLength();
    private static final int ENTRY_64 = MDIncrementalRefreshBookLongQty64Decoder.NoMDEntriesDecoder
        .mDEntryTypeEncodingOffset() +
        MDIncrementalRefreshBookLongQty64Decoder.NoMDEntriesDecoder.mDEntryTypeEncodingLength();
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long UINT64_NULL = -1L;

    private final MDIncrementalRefreshBook32Decoder book32 = new MDIncrementalRefreshBook32Decoder();
    private final MDIncrementalRefreshBook46Decoder book46 = new MDIncrementalRefreshBook46Decoder();
    private final MDIncrementalRefreshBookLongQty64Decoder book64 = new MDIncrementalRefreshBookLongQty64Decoder();
    private final Int2ObjectHashMap<PriceLevelBook> books = new Int2ObjectHashMap<>();
    private final PriceLevelBook[] touched = new PriceLevelBook[MAX_ENTRIES];
    private final int[] touchedIds = new int[MAX_ENTRIES];
    private final MarketDataHandler handler;
    private final Mdp3Counters counters;
    private int touchedCount;
    private long messageNumber;

    BookRefreshAdapter(final MarketDataHandler handler, final Mdp3Counters counters)
    {
        this.handler = handler;
        this.counters = counters;
    }

    /**
     * Apply one book refresh message and deliver its quotes.
     *
     * @param templateId  32, 46 or 64.
     * @param body        where the root block starts.
     * @param blockLength root block length from the header (known to lie within the message).
     * @param version     schema version from the header.
     * @param msgEnd      first byte after the message.
     * @return quotes delivered.
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
        messageNumber++;
        touchedCount = 0;
        final long transactTime;
        switch (templateId)
        {
            case Mdp3Templates.BOOK_V2:
                if (!apply32(buffer, body, blockLength, version, msgEnd))
                {
                    return 0;
                }
                transactTime = book32.transactTime();
                break;

            case Mdp3Templates.BOOK_V9:
                if (!apply46(buffer, body, blockLength, version, msgEnd))
                {
                    return 0;
                }
                transactTime = book46.transactTime();
                break;

            default:
                if (!apply64(buffer, body, blockLength, version, msgEnd))
                {
                    return 0;
                }
                transactTime = book64.transactTime();
                break;
        }
        return deliverQuotes(transactTime, tick);
    }

    /**
     * @return the book of a security, or null if it has none.
     */
    PriceLevelBook book(final int securityId)
    {
        return books.get(securityId);
    }

    private boolean apply32(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final int msgEnd)
    {
        if (blockLength < ROOT_32)
        {
            return counters.malformed(Malformation.BLOCK_LENGTH, Mdp3Templates.BOOK_V2, blockLength);
        }
        final MDIncrementalRefreshBook32Decoder decoder = book32.wrap(buffer, body, blockLength, version);
        if (!Groups.headerFits(decoder.limit(), MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder.HEADER_SIZE,
            msgEnd, Mdp3Templates.BOOK_V2, counters))
        {
            return false;
        }
        final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        if (!Groups.entriesFit(decoder.limit(), entries.count(), entries.actingBlockLength(), ENTRY_32, msgEnd,
            Mdp3Templates.BOOK_V2, counters))
        {
            return false;
        }
        while (entries.hasNext())
        {
            entries.next();
            final int size = entries.mDEntrySize();
            onEntry(
                Mdp3Templates.BOOK_V2,
                entries.securityID(),
                entries.mDEntryTypeRaw(),
                entries.mDUpdateActionRaw(),
                entries.mDPriceLevel(),
                Prices9.fromPrice7(entries.mDEntryPx().mantissa()),
                size == INT32_NULL ? 0 : size);
        }
        return true;
    }

    private boolean apply46(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final int msgEnd)
    {
        if (blockLength < ROOT_46)
        {
            return counters.malformed(Malformation.BLOCK_LENGTH, Mdp3Templates.BOOK_V9, blockLength);
        }
        final MDIncrementalRefreshBook46Decoder decoder = book46.wrap(buffer, body, blockLength, version);
        if (!Groups.headerFits(decoder.limit(), MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.HEADER_SIZE,
            msgEnd, Mdp3Templates.BOOK_V9, counters))
        {
            return false;
        }
        final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        if (!Groups.entriesFit(decoder.limit(), entries.count(), entries.actingBlockLength(), ENTRY_46, msgEnd,
            Mdp3Templates.BOOK_V9, counters))
        {
            return false;
        }
        while (entries.hasNext())
        {
            entries.next();
            final int size = entries.mDEntrySize();
            onEntry(
                Mdp3Templates.BOOK_V9,
                entries.securityID(),
                entries.mDEntryTypeRaw(),
                entries.mDUpdateActionRaw(),
                entries.mDPriceLevel(),
                Prices9.fromPrice9(entries.mDEntryPx().mantissa()),
                size == INT32_NULL ? 0 : size);
        }
        return true;
    }

    private boolean apply64(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final int msgEnd)
    {
        if (blockLength < ROOT_64)
        {
            return counters.malformed(Malformation.BLOCK_LENGTH, Mdp3Templates.BOOK_LONG_QTY, blockLength);
        }
        final MDIncrementalRefreshBookLongQty64Decoder decoder = book64.wrap(buffer, body, blockLength, version);
        if (!Groups.headerFits(decoder.limit(),
            MDIncrementalRefreshBookLongQty64Decoder.NoMDEntriesDecoder.HEADER_SIZE, msgEnd,
            Mdp3Templates.BOOK_LONG_QTY, counters))
        {
            return false;
        }
        final MDIncrementalRefreshBookLongQty64Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        if (!Groups.entriesFit(decoder.limit(), entries.count(), entries.actingBlockLength(), ENTRY_64, msgEnd,
            Mdp3Templates.BOOK_LONG_QTY, counters))
        {
            return false;
        }
        while (entries.hasNext())
        {
            entries.next();
            final long size = entries.mDEntrySize();
            if (size < 0 && size != UINT64_NULL)
            {
                // A uint64 quantity past Long.MAX_VALUE: no real order is that large.
                counters.malformed(Malformation.ENTRY, Mdp3Templates.BOOK_LONG_QTY, size);
                continue;
            }
            onEntry(
                Mdp3Templates.BOOK_LONG_QTY,
                entries.securityID(),
                entries.mDEntryTypeRaw(),
                entries.mDUpdateActionRaw(),
                entries.mDPriceLevel(),
                Prices9.fromPrice9(entries.mDEntryPx().mantissa()),
                size == UINT64_NULL ? 0 : size);
        }
        return true;
    }

    private void onEntry(
        final int templateId,
        final int securityId,
        final byte entryType,
        final int action,
        final int level,
        final long price,
        final long size)
    {
        final int side;
        if (entryType == BID)
        {
            side = PriceLevelBook.BID;
        }
        else if (entryType == OFFER)
        {
            side = PriceLevelBook.OFFER;
        }
        else if (entryType == IMPLIED_BID || entryType == IMPLIED_OFFER)
        {
            counters.impliedEntries.incrementRelease();
            return;
        }
        else if (entryType == BOOK_RESET)
        {
            final PriceLevelBook book = touch(securityId);
            if (null != book)
            {
                book.reset();
            }
            return;
        }
        else
        {
            counters.malformed(Malformation.ENTRY, templateId, entryType);
            return;
        }

        if (action > PriceLevelBook.ACTION_OVERLAY)
        {
            counters.malformed(Malformation.ENTRY, templateId, action);
            return;
        }
        if (action != PriceLevelBook.ACTION_DELETE_THRU)
        {
            if (level < 1)
            {
                counters.malformed(Malformation.ENTRY, templateId, level);
                return;
            }
            if (level > PriceLevelBook.DEPTH)
            {
                counters.deepLevels.incrementRelease();
                return;
            }
        }
        final boolean setsLevel = action == PriceLevelBook.ACTION_NEW || action == PriceLevelBook.ACTION_CHANGE ||
            action == PriceLevelBook.ACTION_OVERLAY;
        if (setsLevel && price == Prices9.INVALID)
        {
            counters.malformed(Malformation.ENTRY, templateId, price);
            return;
        }

        final PriceLevelBook book = touch(securityId);
        if (null != book)
        {
            book.apply(side, action, level, price, size);
        }
    }

    private PriceLevelBook touch(final int securityId)
    {
        PriceLevelBook book = books.get(securityId);
        if (null == book)
        {
            if (books.size() >= MAX_BOOKS)
            {
                counters.booksFull.incrementRelease();
                return null;
            }
            // First sight of a security: a control-path allocation, once per security.
            book = new PriceLevelBook();
            books.put(securityId, book);
        }
        if (book.touchedInMessage != messageNumber && touchedCount < MAX_ENTRIES)
        {
            book.touchedInMessage = messageNumber;
            book.saveTop();
            touched[touchedCount] = book;
            touchedIds[touchedCount] = securityId;
            touchedCount++;
        }
        return book;
    }

    private int deliverQuotes(final long transactTime, final Tick tick)
    {
        int delivered = 0;
        for (int i = 0; i < touchedCount; i++)
        {
            final PriceLevelBook book = touched[i];
            touched[i] = null;
            if (book.topChanged())
            {
                tick.type = TickType.QUOTE;
                tick.instrumentId = touchedIds[i];
                tick.exchangeTimeNs = transactTime;
                tick.bidPriceMantissa = book.price(PriceLevelBook.BID, 1);
                tick.bidSize = book.size(PriceLevelBook.BID, 1);
                tick.askPriceMantissa = book.price(PriceLevelBook.OFFER, 1);
                tick.askSize = book.size(PriceLevelBook.OFFER, 1);
                counters.quotes.incrementRelease();
                handler.onTick(tick);
                delivered++;
            }
        }
        touchedCount = 0;
        return delivered;
    }
}
