package io.ticktape.feed.mdp3;

import io.ticktape.feed.mdp3.PacketBuilder.Book;
import io.ticktape.feed.mdp3.PacketBuilder.Trade;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The decoder on packets built byte by byte: normalization rules, forward compatibility, and every kind of
 * malformed input counted under its own name while the valid messages around it still decode.
 */
class Mdp3PacketDecoderTest
{
    private static final long TIME = 1_536_760_535_670_166_278L;
    private static final Trade TRADE = new Trade(170_506, 12_952_000_000_000L, 2, 2, 341_412);
    private static final Trade OTHER_TRADE = new Trade(170_507, -191_000_000_000L, 3, 1, 341_413);

    private final Decoding decoding = new Decoding();

    @Test
    void shouldDeliverOneTradePerEntryWhenTradeSummaryIsWellFormed()
    {
        final byte[] packet = new PacketBuilder(884_140, 5L).trades(TIME, TRADE, OTHER_TRADE).build();

        assertThat(decoding.decode(packet)).isEqualTo(2);

        assertThat(decoding.handler.trades()).extracting(Decoding::describe).containsExactly(
            "trade line=884140 id=170506 t=" + TIME + " px=12952000000000 sz=2 side=2 tradeId=341412",
            "trade line=884140 id=170507 t=" + TIME + " px=-191000000000 sz=3 side=1 tradeId=341413");
        assertThat(decoding.handler.sendingTimes).containsEntry(884_140L, 5L);
        assertThat(decoding.malformed()).isEmpty();
    }

    @Test
    void shouldUseRptSeqAndNoSideWhenTradeEntryIdIsNullAndAggressorUnknown()
    {
        final Trade trade = new Trade(1, 100, 1, 255, 0xFFFF_FFFFL, 4_242, 0);

        decoding.decode(new PacketBuilder(1, 0).trades(TIME, trade).build());

        assertThat(decoding.handler.trades()).singleElement().satisfies(tick ->
        {
            assertThat(tick.tradeId).isEqualTo(4_242);
            assertThat(tick.aggressorSide).isZero();
        });
    }

    @Test
    void shouldSkipTradeEntryWhenItIsNotNew()
    {
        final Trade bust = new Trade(1, 100, 1, 1, 9, 9, 2);

        decoding.decode(new PacketBuilder(1, 0).trades(TIME, bust, TRADE).build());

        assertThat(decoding.handler.trades()).extracting(tick -> tick.instrumentId).containsExactly(170_506);
        assertThat(decoding.counter("trades.not_new")).isEqualTo(1);
    }

    @Test
    void shouldDecodeKnownFieldsWhenNewerVersionExtendsBlocks()
    {
        // Version 14 appends 8 bytes to the root block and 8 to each entry: both are skipped by the lengths given.
        final byte[] packet = new PacketBuilder(1, 0)
            .trades(14, PacketBuilder.ROOT_BLOCK_LENGTH + 8, PacketBuilder.ENTRY_BLOCK_LENGTH + 8, TIME,
                TRADE, OTHER_TRADE)
            .trades(TIME, TRADE)
            .build();

        decoding.decode(packet);

        assertThat(decoding.handler.trades()).extracting(tick -> tick.instrumentId)
            .containsExactly(170_506, 170_507, 170_506);
        assertThat(decoding.handler.trades().get(1).priceMantissa).isEqualTo(-191_000_000_000L);
        assertThat(decoding.counter("version.newer")).isEqualTo(1);
        assertThat(decoding.malformed()).isEmpty();
    }

    @Test
    void shouldQuoteEachSecurityOnceWhenMessageChangesItsTop()
    {
        final byte[] packet = new PacketBuilder(1, 0).book(TIME,
            new Book(10, '0', 0, 1, 100_000, 5),
            new Book(10, '1', 0, 1, 101_000, 6),
            new Book(11, '1', 0, 1, -2_000, 1),
            new Book(10, '0', 0, 2, 99_000, 7))
            .build();

        assertThat(decoding.decode(packet)).isEqualTo(2);

        assertThat(decoding.handler.quotes()).extracting(Decoding::describe).containsExactly(
            "quote line=1 id=10 t=" + TIME + " bid=100000x5 ask=101000x6",
            "quote line=1 id=11 t=" + TIME + " bid=0x0 ask=-2000x1");
    }

    @Test
    void shouldQuoteLevelTwoWhenLevelOneIsDeleted()
    {
        decoding.decode(new PacketBuilder(1, 0).book(TIME,
            new Book(10, '0', 0, 1, 100, 5), new Book(10, '0', 0, 2, 99, 7)).build());

        decoding.decode(new PacketBuilder(2, 0).book(TIME + 1, new Book(10, '0', 2, 1, 100, 0)).build());

        assertThat(Decoding.describe(decoding.handler.quotes().get(1)))
            .isEqualTo("quote line=2 id=10 t=" + (TIME + 1) + " bid=99x7 ask=0x0");
    }

    @Test
    void shouldNotQuoteWhenOnlyDeeperLevelsOrImpliedEntriesChange()
    {
        decoding.decode(new PacketBuilder(1, 0).book(TIME, new Book(10, '0', 0, 1, 100, 5)).build());

        decoding.decode(new PacketBuilder(2, 0).book(TIME,
            new Book(10, '0', 0, 3, 90, 1),
            new Book(10, 'E', 0, 1, 101, 1),
            new Book(10, 'F', 0, 1, 102, 1),
            new Book(10, '1', 0, 11, 200, 1)).build());

        assertThat(decoding.handler.quotes()).hasSize(1);
        assertThat(decoding.counter("book.implied")).isEqualTo(2);
        assertThat(decoding.counter("book.deep_level")).isEqualTo(1);
        assertThat(decoding.malformed()).isEmpty();
    }

    @Test
    void shouldEmptyBothSidesWhenBookIsReset()
    {
        decoding.decode(new PacketBuilder(1, 0).book(TIME,
            new Book(10, '0', 0, 1, 100, 5), new Book(10, '1', 0, 1, 101, 5)).build());

        decoding.decode(new PacketBuilder(2, 0).book(TIME, new Book(10, 'J', 0, 0, Long.MAX_VALUE, 0)).build());

        assertThat(Decoding.describe(decoding.handler.quotes().get(1)))
            .isEqualTo("quote line=2 id=10 t=" + TIME + " bid=0x0 ask=0x0");
    }

    @Test
    void shouldDeliverNothingWhenHandlerRejectsFrame()
    {
        final Decoding rejecting = new Decoding(new RecordingHandler(lineSeq -> false));

        assertThat(rejecting.decode(new PacketBuilder(1, 0).trades(TIME, TRADE).build())).isZero();

        assertThat(rejecting.handler.frames).isEqualTo(1);
        assertThat(rejecting.handler.ticks).isEmpty();
        assertThat(rejecting.counter("messages")).isZero();
    }

    @Test
    void shouldCountShortPacketWhenShorterThanHeaderOrPastBuffer()
    {
        decoding.decode(new byte[11]);
        decoding.decoder.onPacket(new UnsafeBuffer(new byte[20]), 10, 12, 0, 1);

        assertThat(decoding.malformed()).containsExactly(entry(Decoding.PREFIX + ".malformed.short_packet", 2L));
        assertThat(decoding.handler.frames).isZero();
    }

    @Test
    void shouldKeepEarlierMessagesWhenMsgSizeIsZero()
    {
        final byte[] packet = new PacketBuilder(1, 0).trades(TIME, TRADE).raw(new byte[]{ 0, 0, 1, 2, 3 })
            .build();

        decoding.decode(packet);

        assertThat(decoding.handler.trades()).hasSize(1);
        assertThat(decoding.malformed()).containsExactly(entry(Decoding.PREFIX + ".malformed.msg_size", 1L));
    }

    @Test
    void shouldKeepEarlierMessagesWhenMessageRunsPastPacketEnd()
    {
        final byte[] whole = new PacketBuilder(1, 0).trades(TIME, TRADE).trades(TIME, OTHER_TRADE).build();

        decoding.decode(Arrays.copyOf(whole, whole.length - 1));
        decoding.decode(Arrays.copyOf(whole, whole.length - (whole.length - 12) / 2 + 1));

        assertThat(decoding.handler.trades()).extracting(tick -> tick.instrumentId).containsExactly(170_506, 170_506);
        assertThat(decoding.malformed())
            .containsExactly(entry(Decoding.PREFIX + ".malformed.truncated_message", 2L));
    }

    @Test
    void shouldSkipOnlyTheForeignMessageWhenSchemaIdIsUnknown()
    {
        final byte[] packet = new PacketBuilder(1, 0)
            .message(11, 48, 2, 9, new byte[20])
            .trades(TIME, TRADE)
            .build();

        decoding.decode(packet);

        assertThat(decoding.handler.trades()).hasSize(1);
        assertThat(decoding.malformed()).containsExactly(entry(Decoding.PREFIX + ".malformed.unknown_schema", 1L));
    }

    @Test
    void shouldSkipOnlyThatMessageWhenTemplateIsUnknownOrVersionTooOld()
    {
        final byte[] packet = new PacketBuilder(1, 0)
            .message(11, 70, 1, 13, new byte[20])
            .message(11, 1, 1, 9, new byte[20])
            .message(11, 48, 1, 8, new byte[20])
            .message(11, 32, 1, 4, new byte[20])
            .trades(TIME, TRADE)
            .build();

        decoding.decode(packet);

        assertThat(decoding.handler.trades()).hasSize(1);
        assertThat(decoding.malformed()).containsOnly(
            entry(Decoding.PREFIX + ".malformed.unknown_template", 2L),
            entry(Decoding.PREFIX + ".malformed.old_version", 2L));
    }

    @Test
    void shouldCountBlockLengthWhenRootIsShorterThanItsFieldsOrLongerThanMessage()
    {
        final byte[] packet = new PacketBuilder(1, 0)
            .message(7, 48, 1, 9, new byte[20])
            .message(50, 46, 1, 9, new byte[20])
            .message(90, 27, 1, 9, new byte[120])
            .trades(TIME, TRADE)
            .build();

        decoding.decode(packet);

        assertThat(decoding.handler.trades()).hasSize(1);
        assertThat(decoding.malformed()).containsOnly(
            entry(Decoding.PREFIX + ".malformed.block_length", 2L),
            entry(Decoding.PREFIX + ".malformed.block_overrun", 1L));
    }

    @Test
    void shouldCountGroupErrorsWhenGroupsRunPastMessage()
    {
        final byte[] headerPastEnd = rootOnly(46);
        final byte[] overrun = new PacketBuilder(0, 0).trades(TIME, TRADE).build();
        // Claim 9 entries where 1 is present: 9 * 32 bytes overrun the message.
        overrun[12 + 10 + 11 + 2] = 9;
        final byte[] shortEntries = new PacketBuilder(0, 0).trades(TIME, TRADE).build();
        // An entry block of 20 bytes cannot hold AggressorSide (24) and MDTradeEntryID (26..30).
        shortEntries[12 + 10 + 11] = 20;

        final byte[] packet = new PacketBuilder(1, 0)
            .raw(headerPastEnd)
            .raw(Arrays.copyOfRange(overrun, 12, overrun.length))
            .raw(Arrays.copyOfRange(shortEntries, 12, shortEntries.length))
            .trades(TIME, OTHER_TRADE)
            .build();

        decoding.decode(packet);

        assertThat(decoding.handler.trades()).extracting(tick -> tick.instrumentId).containsExactly(170_507);
        assertThat(decoding.malformed()).containsOnly(
            entry(Decoding.PREFIX + ".malformed.group_header", 1L),
            entry(Decoding.PREFIX + ".malformed.group_overrun", 1L),
            entry(Decoding.PREFIX + ".malformed.group_block_length", 1L));
    }

    @Test
    void shouldSkipEntryWhenPriceIsNullOrTypeUnknown()
    {
        decoding.decode(new PacketBuilder(1, 0).book(TIME,
            new Book(10, '0', 0, 1, Long.MAX_VALUE, 5),
            new Book(10, 'Z', 0, 1, 100, 5),
            new Book(10, '0', 9, 1, 100, 5),
            new Book(10, '1', 0, 1, 101, 6)).build());

        assertThat(decoding.handler.quotes()).extracting(Decoding::describe)
            .containsExactly("quote line=1 id=10 t=" + TIME + " bid=0x0 ask=101x6");
        assertThat(decoding.malformed()).containsExactly(entry(Decoding.PREFIX + ".malformed.entry", 3L));
    }

    @Test
    void shouldCountEveryTemplateWhenOnlyPassedOver()
    {
        final byte[] packet = new PacketBuilder(1, 0)
            .message(0, Mdp3Templates.HEARTBEAT, 1, 9, new byte[0])
            .message(9, Mdp3Templates.CHANNEL_RESET, 1, 9, new byte[12])
            .message(11, 37, 1, 9, new byte[14])
            .build();

        assertThat(decoding.decode(packet)).isZero();

        assertThat(decoding.templates()).containsExactly(entry(4, 1L), entry(12, 1L), entry(37, 1L));
        assertThat(decoding.counter("messages")).isEqualTo(3);
        assertThat(decoding.malformed()).isEmpty();
    }

    @Test
    void shouldTruncateSymbolWhenLongerThanTickHolds()
    {
        final byte[] root = new byte[216];
        final ByteBuffer body = ByteBuffer.wrap(root).order(ByteOrder.LITTLE_ENDIAN);
        body.put(35, "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII));
        body.putInt(55, 99);
        body.putLong(91, 250_000_000L);
        final byte[] groups = new byte[4 * 3];
        final byte[] message = Arrays.copyOf(root, root.length + groups.length);

        decoding.decode(new PacketBuilder(1, 0).message(216, 54, 1, 9, message).build());

        final Tick instrument = decoding.handler.instruments().get(0);
        assertThat(instrument.symbolAsString()).isEqualTo("ABCDEFGHIJKLMNOP");
        assertThat(instrument.tickSizeMantissa).isEqualTo(250_000_000L);
        assertThat(instrument.instrumentId).isEqualTo(99);
        assertThat(decoding.counter("instruments.symbol_truncated")).isEqualTo(1);
    }

    /**
     * A book message whose root block ends exactly at the message end: no room for the NoMDEntries header.
     */
    private static byte[] rootOnly(final int templateId)
    {
        final byte[] packet = new PacketBuilder(0, 0).message(11, templateId, 1, 9, new byte[11]).build();
        return Arrays.copyOfRange(packet, 12, packet.length);
    }
}
