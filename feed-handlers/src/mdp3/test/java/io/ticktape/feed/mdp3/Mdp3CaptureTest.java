package io.ticktape.feed.mdp3;

import io.ticktape.feed.mdp3.Captures.Capture;
import io.ticktape.feed.mdp3.Captures.Datagram;
import io.ticktape.protocol.tick.Tick;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Every CME capture beside the checkout that carries an MDP3 packet stream, decoded in full: zero malformed
 * messages, message counts per template, and trades, quotes and instruments checked against values read by hand
 * from the bytes.
 * <p>
 * How the expected values were found: the captures were read with a separate pure-Python pcap/pcapng reader and a
 * schema-driven SBE decoder written for the purpose (not part of the build), and the trades below were then read
 * off a hex dump of the UDP payload by hand. Offsets are within the UDP payload (the Ethernet, IPv4 and UDP headers,
 * 42 bytes, come before it in each frame); all fields are little-endian. The quote counts come from an independent
 * Python model of the same 10-level book rules.
 */
class Mdp3CaptureTest
{
    private static final String V6 = "Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap";
    private static final String V8 = "Mdp3.Sbe.v1.8/Cme.Mdp3.Sbe.v8.1.Example.pcap";
    private static final String V9 = "Mdp3.Sbe.v1.9/Cme.Mdp3.Sbe.v9.1.Example.pcap";

    @Test
    void shouldDecodeV6CaptureWithoutErrorsWhenBothFeedsAreFed()
    {
        final Capture capture = Captures.read(Captures.require(V6));

        assertThat(capture.frames()).isEqualTo(10_000);
        assertThat(capture.skipped()).isZero();
        assertThat(countByFeed(capture.udp())).containsOnly(
            entry("224.0.31.64:14340", 5000L), entry("224.0.32.64:15340", 5000L));
        assertContiguous(capture.udp(), "224.0.31.64:14340", 5615, 10_614);
        assertContiguous(capture.udp(), "224.0.32.64:15340", 5615, 10_614);

        final Decoding decoding = new Decoding().decodeAll(capture.udp());

        assertThat(decoding.malformed()).isEmpty();
        assertThat(decoding.counter("packets")).isEqualTo(10_000);
        assertThat(decoding.counter("messages")).isEqualTo(20_546);
        assertThat(decoding.templates()).containsExactly(
            entry(12, 18L), entry(32, 19_138L), entry(35, 614L), entry(37, 388L), entry(42, 388L));
        assertThat(decoding.counter("trades")).isEqualTo(710);
        assertThat(decoding.counter("book.implied")).isPositive();
    }

    /**
     * Frame 209, feed A, the first trade summary of the capture with a negative price (a calendar spread):
     * <pre>
     *   @0   57160000            MsgSeqNum 5719
     *   @4   5946e36c77538614    SendingTime 1478961300030834265
     *   @12  b000                MsgSize 176
     *   @14  0b00 2a00 0100 0600 blockLength 11, template 42, schema 1, version 6
     *   @22  f75f096c77538614    TransactTime 1478961300016553975
     *   @33  2000 03             NoMDEntries: blockLength 32, 3 entries
     *   @36  40c774e8ffffffff    MDEntryPx -395000000 (PRICE, exponent -7: -39.5) = -39500000000 as PRICE9
     *   @44  01000000            MDEntrySize 1
     *   @48  3f270100            SecurityID 75583
     *   @52  05000000            RptSeq 5 (the trade id: MDTradeEntryID exists from version 7)
     *   @60  00 00               AggressorSide 0 (none), MDUpdateAction 0 (new)
     *   @100 606d8ae300000000 ... third entry: 3817500000 (381.75), size 1, SecurityID 128062 (3ef40100),
     *                            RptSeq 5, AggressorSide 1 (buy)
     * </pre>
     */
    @Test
    void shouldMatchHandReadTradesWhenV6FeedAIsDecoded()
    {
        final Capture capture = Captures.read(Captures.require(V6));
        final Decoding decoding = new Decoding().decodeAll(feed(capture, d -> d.destination().equals("224.0.31.64")));

        final List<Tick> trades = decoding.handler.trades();
        assertThat(trades).hasSize(355);
        final List<Tick> frame209 = trades.stream().filter(t -> t.lineSeq == 5719).collect(Collectors.toList());
        assertThat(frame209).extracting(Decoding::describe).containsExactly(
            "trade line=5719 id=75583 t=1478961300016553975 px=-39500000000 sz=1 side=0 tradeId=5",
            "trade line=5719 id=363272 t=1478961300016553975 px=342250000000 sz=1 side=0 tradeId=16",
            "trade line=5719 id=128062 t=1478961300016553975 px=381750000000 sz=1 side=1 tradeId=5");
        assertThat(decoding.handler.sendingTimes).containsEntry(5719L, 1478961300030834265L);
        assertThat(trades).filteredOn(t -> t.priceMantissa < 0).hasSizeGreaterThan(1);
    }

    @Test
    void shouldKeepNegativeSpreadQuotesWhenV6FeedAIsDecoded()
    {
        final Capture capture = Captures.read(Captures.require(V6));
        final Decoding decoding = new Decoding().decodeAll(feed(capture, d -> d.destination().equals("224.0.31.64")));

        final List<Tick> quotes = decoding.handler.quotes();
        assertThat(quotes).hasSize(2179);
        // Packet 5628: SecurityID 133990, level-1 bid new at PRICE -97500000 (-9.75), size 15.
        assertThat(Decoding.describe(quotes.get(0))).isEqualTo(
            "quote line=5628 id=133990 t=1478961300003135897 bid=-9750000000x15 ask=0x0");
        assertThat(Decoding.describe(quotes.get(1))).isEqualTo(
            "quote line=5629 id=133990 t=1478961300003609277 bid=-9750000000x15 ask=-7500000000x15");
        assertThat(decoding.malformed()).isEmpty();
    }

    @Test
    void shouldDeliverFeedAOnceWhenHandlerDropsTheBDuplicates()
    {
        final Capture capture = Captures.read(Captures.require(V6));
        final long[] highest = { 0 };
        final RecordingHandler arbitrating = new RecordingHandler(lineSeq ->
        {
            // The simplest A/B arbitration: the first copy of each sequence number wins.
            if (lineSeq <= highest[0])
            {
                return false;
            }
            highest[0] = lineSeq;
            return true;
        });

        final Decoding both = new Decoding(arbitrating).decodeAll(capture.udp());
        final Decoding feedA = new Decoding().decodeAll(feed(capture, d -> d.destination().equals("224.0.31.64")));

        assertThat(both.handler.ticks).extracting(Decoding::describe)
            .containsExactlyElementsOf(feedA.handler.ticks.stream().map(Decoding::describe).toList());
        assertThat(both.counter("messages")).isEqualTo(feedA.counter("messages"));
    }

    /**
     * Frame 1743, feed A, the first trade of the capture:
     * <pre>
     *   @0   4eb80801            MsgSeqNum 17348686
     *   @14  0b00 2a00 0100 0800 blockLength 11, template 42, schema 1, version 8
     *   @22  6b45ede20d4d7814    TransactTime 1475013600000951659
     *   @33  2000 01             NoMDEntries: blockLength 32, 1 entry
     *   @36  003608a611000000    MDEntryPx 75800000000 (PRICE: 7580.0) = 7580000000000 as PRICE9
     *   @44  04000000            MDEntrySize 4
     *   @48  79ab0200            SecurityID 174969
     *   @52  68451a00            RptSeq 1721704
     *   @60  00 00               AggressorSide 0, MDUpdateAction 0
     *   @62  ffffffff            MDTradeEntryID null, so the trade id is RptSeq
     * </pre>
     */
    @Test
    void shouldDecodeV8CaptureAndMatchHandReadTrade()
    {
        final Capture capture = Captures.read(Captures.require(V8));
        assertThat(capture.frames()).isEqualTo(10_000);
        assertThat(countByFeed(capture.udp())).containsOnly(
            entry("224.0.31.11:14320", 5000L), entry("224.0.32.11:15320", 5000L));
        assertContiguous(capture.udp(), "224.0.31.11:14320", 17_347_815, 17_352_814);

        final Decoding both = new Decoding().decodeAll(capture.udp());
        assertThat(both.malformed()).isEmpty();
        assertThat(both.counter("messages")).isEqualTo(10_598);
        assertThat(both.templates()).containsExactly(
            entry(12, 12L), entry(30, 198L), entry(32, 9796L), entry(35, 358L), entry(37, 114L), entry(42, 120L));

        final Decoding feedA = new Decoding().decodeAll(feed(capture, d -> d.destination().equals("224.0.31.11")));
        final List<Tick> trades = feedA.handler.trades();
        assertThat(trades).hasSize(63);
        assertThat(Decoding.describe(trades.get(0))).isEqualTo(
            "trade line=17348686 id=174969 t=1475013600000951659 px=7580000000000 sz=4 side=0 tradeId=1721704");
        assertThat(feedA.handler.quotes()).hasSize(1328);
        // SecurityID 4418, a spread: level-1 bid changed to PRICE -4900000000 (-490.0), size 480.
        assertThat(feedA.handler.quotes()).extracting(Decoding::describe).contains(
            "quote line=17348099 id=4418 t=1475013205001288519 bid=-490000000000x480 ask=0x0");
    }

    @Test
    void shouldDecodeV8FilteredCapturesWithoutErrors()
    {
        assertTemplates("Mdp3.Sbe.v1.8/MdIncrementalRefreshSessionStatistics.pcap", 356,
            Map.of(30, 6L, 32, 362L, 35, 358L, 37, 38L));
        assertTemplates("Mdp3.Sbe.v1.8/MdIncrementalRefreshTradeSummary.pcap", 1,
            Map.of(32, 1L, 37, 1L, 42, 1L));
        assertTemplates("Mdp3.Sbe.v1.8/MdIncrementalRefreshVolume.pcap", 112,
            Map.of(30, 6L, 32, 122L, 35, 40L, 37, 112L));
    }

    /**
     * Frame 0, channel 224.0.28.5:14314 (feed A), a PRICE9 trade summary:
     * <pre>
     *   @0   ac7d0d00            MsgSeqNum 884140
     *   @14  0b00 3000 0100 0900 blockLength 11, template 48, schema 1, version 9
     *   @22  069375a990ab5315    TransactTime 1536760535670166278
     *   @33  2000 01             NoMDEntries: blockLength 32, 1 entry
     *   @36  00f05b9fc70b0000    MDEntryPx 12952000000000 (PRICE9: 12952.0)
     *   @44  02000000            MDEntrySize 2
     *   @48  0a9a0200            SecurityID 170506
     *   @52  d94e0000            RptSeq 20185
     *   @60  02 00               AggressorSide 2 (sell), MDUpdateAction 0
     *   @62  a4350500            MDTradeEntryID 341412
     * </pre>
     * The capture's frame 87 is PIM (IP protocol 103), not MDP3: the capture reader passes it over.
     */
    @Test
    void shouldDecodeV9CaptureAndSkipItsPimFrame()
    {
        final Capture capture = Captures.read(Captures.require(V9));
        assertThat(capture.frames()).isEqualTo(100);
        assertThat(capture.skipped()).isEqualTo(1);
        assertThat(capture.udp()).hasSize(99);

        final Decoding both = new Decoding().decodeAll(capture.udp());
        assertThat(both.malformed()).isEmpty();
        assertThat(both.counter("messages")).isEqualTo(194);
        assertThat(both.templates()).containsExactly(entry(37, 8L), entry(46, 170L), entry(47, 8L), entry(48, 8L));

        final Decoding feedA = new Decoding().decodeAll(feed(capture, d -> d.port() < 15_000));
        assertThat(feedA.handler.trades()).hasSize(4);
        assertThat(Decoding.describe(feedA.handler.trades().get(0))).isEqualTo(
            "trade line=884140 id=170506 t=1536760535670166278 px=12952000000000 sz=2 side=2 tradeId=341412");
        assertThat(feedA.handler.quotes()).hasSize(143);
        assertThat(feedA.handler.quotes()).extracting(Decoding::describe).contains(
            "quote line=911521 id=241132 t=1536760535897757009 bid=-191000000000x3 ask=0x0");
    }

    @Test
    void shouldDecodeV9SingleMessageCapturesWithoutErrors()
    {
        assertTemplates("Mdp3.Sbe.v1.9/MdIncrementalRefreshBook.pcap", 1, Map.of(46, 2L));
        assertTemplates("Mdp3.Sbe.v1.9/MdIncrementalRefreshOrderBook.pcap", 1, Map.of(47, 1L));
        assertTemplates("Mdp3.Sbe.v1.9/MdIncrementalRefreshTradeSummary.pcap", 1,
            Map.of(37, 1L, 46, 2L, 47, 1L, 48, 1L));
        assertTemplates("Mdp3.Sbe.v1.9/MdIncrementalRefreshVolume.pcap", 1, Map.of(37, 2L, 46, 4L, 48, 1L));
    }

    /**
     * The v1.5 spread definitions packet (MsgSeqNum 2): messages at payload offsets 12, 292, 572, 834 and 1114,
     * template 29 (blockLength 193) or 27 (blockLength 214: both two bytes shorter than in v1.6, before
     * TradingReferenceDate was added). Symbol is at root offset 35 (20 chars), SecurityID at 55, MinPriceIncrement
     * at 91 (27) or 94 (29) as PRICE (exponent -7): e.g. at 572+10+35 "ESU6", 572+10+55 370a0000 = 2615,
     * 572+10+91 80b2e60e00000000 = 250000000 (25.0; ES shows it as 0.25 through DisplayFactor 0.01); the spreads'
     * 80f0fa0200000000 = 50000000 (5.0, shown as 0.05).
     */
    @Test
    void shouldDecodeV5InstrumentDefinitionsOfEsSpreads()
    {
        final Capture capture = Captures.read(Captures.require("Mdp3.Sbe.v1.5/MdInstrumentDefinitionSpread.pcap"));
        final Decoding decoding = new Decoding().decodeAll(capture.udp());

        assertThat(decoding.malformed()).isEmpty();
        assertThat(decoding.templates()).containsExactly(entry(27, 2L), entry(29, 3L));
        // LastUpdateTime, root offset 6, c29c5e56dfa21214 in all five.
        final String time = " t=1446397510449798338";
        assertThat(decoding.handler.instruments()).extracting(Decoding::describe).containsExactly(
            "instrument line=2 id=10123" + time + " symbol=ESM6-ESU6 exp=-9 tick=5000000000",
            "instrument line=2 id=7978" + time + " symbol=ESM6-ESZ6 exp=-9 tick=5000000000",
            "instrument line=2 id=2615" + time + " symbol=ESU6 exp=-9 tick=25000000000",
            "instrument line=2 id=8036" + time + " symbol=ESU6-ESZ6 exp=-9 tick=5000000000",
            "instrument line=2 id=13950" + time + " symbol=ESZ5 exp=-9 tick=25000000000");
    }

    /**
     * v1.5 incrementals: the trade summary packet (MsgSeqNum 19321415) holds one entry at payload offset 36:
     * 00ac73d2e3010000 = 2078000000000 (PRICE 207800.0; ESZ5 at 2078.00), size 0b000000 = 11, SecurityID
     * 7e360000 = 13950, RptSeq 52fa3b01 = 20707922, AggressorSide 01 (buy), TransactTime 2b3c466a6b0e1214.
     */
    @Test
    void shouldDecodeV5IncrementalCapturesWithoutErrors()
    {
        assertTemplates("Mdp3.Sbe.v1.5/MdIncrementalRefreshBook.pcap", 1, Map.of(32, 1L));
        assertTemplates("Mdp3.Sbe.v1.5/MdIncrementalRefreshSessionStatistics.pcap", 1,
            Map.of(32, 4L, 35, 1L, 37, 1L));
        assertTemplates("Mdp3.Sbe.v1.5/MdIncrementalRefreshVolume.pcap", 1, Map.of(32, 1L, 37, 1L));

        final Decoding decoding = new Decoding().decodeAll(
            Captures.read(Captures.require("Mdp3.Sbe.v1.5/MdIncrementalRefreshTradeSummary.pcap")).udp());
        assertThat(decoding.malformed()).isEmpty();
        assertThat(decoding.handler.trades()).extracting(Decoding::describe).containsExactly(
            "trade line=19321415 id=13950 t=1446234284846627883 px=207800000000000 sz=11 side=1 tradeId=20707922");
    }

    /**
     * The v1.12 samples are TCP segments whose payload is a 2-byte 0xCAFE marker (feca) and then an ordinary
     * MDP3 packet: MsgSeqNum, SendingTime, messages. The LongQty trade (template 65, version 12) at payload offset
     * 2+12: entry at +36: MDEntryPx 60e2f24700000000 = 1207100000 (PRICE9 1.2071), MDEntrySize (uint64) 0,
     * SecurityID 7878b400 = 11827320, MDTradeEntryID 7a7edd00 = 14515834, AggressorSide 02. The four request and
     * acknowledgement samples use schema id 2 (TCP recovery) and must be counted as a foreign schema.
     */
    @Test
    void shouldDecodeV12LongQtyMessagesAndCountForeignSchemas()
    {
        final Decoding decoding = new Decoding();
        final List<String> files = List.of("MdIncrementalRefreshTradeSummaryLongQty.pcap",
            "MdIncrementalRefreshBookLongQty.pcap", "SnapshotFullRefreshTcpLongQty.Tcp.pcap", "RequestAck.Tcp.pcap",
            "SecurityListRequest.Tcp.pcap", "SecurityStatusRequest.Tcp.pcap", "SubscriberHeartbeat.Tcp.pcap");
        for (final String file : files)
        {
            for (final Datagram segment : Captures.read(Captures.require("Mdp3.Sbe.v1.12/" + file)).tcp())
            {
                final byte[] payload = segment.payload();
                assertThat(payload[0] & 0xFF).isEqualTo(0xFE);
                assertThat(payload[1] & 0xFF).isEqualTo(0xCA);
                decoding.decode(Arrays.copyOfRange(payload, 2, payload.length));
            }
        }

        assertThat(decoding.malformed()).containsExactly(entry(Decoding.PREFIX + ".malformed.unknown_schema", 4L));
        assertThat(decoding.templates()).containsExactly(entry(64, 1L), entry(65, 1L), entry(68, 1L));
        assertThat(decoding.handler.trades()).extracting(Decoding::describe).containsExactly(
            "trade line=108 id=11827320 t=1631080338206720976 px=1207100000 sz=0 side=2 tradeId=14515834");
        // The book entry is a level-4 offer change: the book keeps it, the top (and so the quote) is unchanged.
        assertThat(decoding.handler.quotes()).isEmpty();
        final PriceLevelBook book = decoding.decoder.book(11_827_320);
        assertThat(book.price(PriceLevelBook.OFFER, 4)).isEqualTo(1_208_150_000L);
        assertThat(book.size(PriceLevelBook.OFFER, 4)).isEqualTo(6_000_000L);
    }

    private static void assertTemplates(final String file, final int packets, final Map<Integer, Long> templates)
    {
        final Capture capture = Captures.read(Captures.require(file));
        final Decoding decoding = new Decoding().decodeAll(capture.udp());
        assertThat(decoding.malformed()).as(file).isEmpty();
        assertThat(decoding.counter("packets")).as(file).isEqualTo(packets);
        assertThat(decoding.templates()).as(file).isEqualTo(new TreeMap<>(templates));
        assertThat(decoding.counter("messages")).as(file)
            .isEqualTo(templates.values().stream().mapToLong(Long::longValue).sum());
    }

    private static List<Datagram> feed(final Capture capture, final Predicate<Datagram> filter)
    {
        return capture.udp().stream().filter(filter).collect(Collectors.toList());
    }

    private static Map<String, Long> countByFeed(final List<Datagram> datagrams)
    {
        return datagrams.stream().collect(Collectors.groupingBy(Datagram::feed, Collectors.counting()));
    }

    private static void assertContiguous(
        final List<Datagram> datagrams, final String feed, final long first, final long last)
    {
        final List<Long> sequence = new ArrayList<>();
        for (final Datagram datagram : datagrams)
        {
            if (datagram.feed().equals(feed))
            {
                final ByteBuffer payload = ByteBuffer.wrap(datagram.payload()).order(ByteOrder.LITTLE_ENDIAN);
                sequence.add(payload.getInt(0) & 0xFFFF_FFFFL);
            }
        }
        assertThat(sequence).hasSize((int)(last - first + 1));
        for (int i = 0; i < sequence.size(); i++)
        {
            assertThat(sequence.get(i)).isEqualTo(first + i);
        }
    }

    @Test
    void shouldPrecedeTheFirstTickOfAnUndefinedSecurityWithAProvisionalDefinition() throws Exception
    {
        final RecordingHandler handler = new RecordingHandler(seq -> true);
        handler.recordProvisionalApart = true;
        final Mdp3PacketDecoder decoder = new Mdp3PacketDecoder(handler, new io.ticktape.protocol.status.Counters(),
            "feed.cme");
        final Captures.Capture capture = Captures.read(Captures.require("Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap"));
        for (final Captures.Datagram datagram : capture.udp())
        {
            if (datagram.port() == 14340)
            {
                decoder.onPacket(new org.agrona.concurrent.UnsafeBuffer(datagram.payload()), 0,
                    datagram.payload().length, 0, 340);
            }
        }
        final java.util.Set<Integer> securities = new java.util.HashSet<>();
        for (final io.ticktape.protocol.tick.Tick tick : handler.ticks)
        {
            securities.add(tick.instrumentId);
        }
        // The v6 capture holds no definitions: every security gets exactly one provisional one, exponent -9.
        org.assertj.core.api.Assertions.assertThat(handler.provisional).hasSize(securities.size());
        org.assertj.core.api.Assertions.assertThat(handler.provisional)
            .allMatch(t -> t.priceExponent == -9 && securities.contains(t.instrumentId));
    }
}
