package io.ticktape.client;

import io.ticktape.protocol.sbe.ActivityBarDecoder;
import io.ticktape.protocol.sbe.ActivityBarEncoder;
import io.ticktape.protocol.sbe.ActivityKind;
import io.ticktape.protocol.sbe.AnomalyKind;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.AnomalyScoreEncoder;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BarEncoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.InstrumentTickEncoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.sbe.StatisticsEncoder;
import io.ticktape.protocol.sbe.QuoteTickEncoder;
import io.ticktape.protocol.sbe.Side;
import io.ticktape.protocol.sbe.TradeEncoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import io.ticktape.protocol.sbe.TradeTickEncoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import io.ticktape.protocol.sbe.VwapUpdateEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicktapeSubscriberTest
{
    private static final int OFFSET = 5;

    private final RecordingListener listener = new RecordingListener();
    private final TicktapeSubscriber subscriber = new TicktapeSubscriber(listener);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void shouldCallOnTradeWhenTradeTick()
    {
        final UnsafeBuffer buffer = scratch();
        final TradeTickEncoder encoder = new TradeTickEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(11);
        encoder.instrumentId(3).priceMantissa(-250).size(4).aggressorSide(Side.BUY).tradeId(77);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("trade seq=11 instrument=3 price=-250 size=4 side=BUY id=77");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnQuoteWhenQuoteTick()
    {
        final UnsafeBuffer buffer = scratch();
        final QuoteTickEncoder encoder = new QuoteTickEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(12);
        encoder.instrumentId(4).bidPriceMantissa(-3).bidSize(10).askPriceMantissa(-1).askSize(20);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("quote seq=12 instrument=4 -3x10 -1x20");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnInstrumentWhenInstrumentTick()
    {
        final UnsafeBuffer buffer = scratch();
        final InstrumentTickEncoder encoder = new InstrumentTickEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(13);
        encoder.instrumentId(5).priceExponent((byte)-4).tickSizeMantissa(25)
            .putSymbol(Arrays.copyOf("ESZ6-ESH7".getBytes(StandardCharsets.US_ASCII), 16), 0);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("instrument seq=13 instrument=5 ESZ6-ESH7 exp=-4 tick=25");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnBarWhenBar()
    {
        final UnsafeBuffer buffer = scratch();
        final BarEncoder encoder = new BarEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(14);
        encoder.instrumentId(6).intervalNs(60_000_000_000L).openMantissa(1).highMantissa(5).lowMantissa(-2)
            .closeMantissa(3).volume(100).tradeCount(7).vwap(1.5).closed(BooleanType.FALSE);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("bar seq=14 instrument=6 60000000000 1/5/-2/3 v=100 n=7 vwap=1.5 FALSE");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnVwapWhenVwapUpdate()
    {
        final UnsafeBuffer buffer = scratch();
        final VwapUpdateEncoder encoder = new VwapUpdateEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(15);
        encoder.instrumentId(7).vwap(-0.25).volume(40).tradeCount(3).lastPriceMantissa(-1);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("vwap seq=15 instrument=7 -0.25 v=40 n=3 last=-1");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnAnomalyWhenAnomalyScore()
    {
        final UnsafeBuffer buffer = scratch();
        final AnomalyScoreEncoder encoder = new AnomalyScoreEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(16);
        encoder.instrumentId(8).kind(AnomalyKind.HAMPEL).score(4.5).value(2).threshold(3);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("anomaly seq=16 instrument=8 HAMPEL 4.5");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnAnomalyWithBaselineWhenVersion2()
    {
        final UnsafeBuffer buffer = scratch();
        final AnomalyScoreEncoder encoder = new AnomalyScoreEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(17);
        encoder.instrumentId(8).kind(AnomalyKind.LOCKED_QUOTE).score(1).value(0).threshold(1).baseline(250);
        final double[] baseline = new double[1];
        final TicktapeSubscriber withBaseline = new TicktapeSubscriber(new TicktapeListener()
        {
            @Override
            public void onAnomaly(final AnomalyScoreDecoder score)
            {
                baseline[0] = score.baseline();
            }
        });

        withBaseline.onMessage(buffer, OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());

        assertThat(baseline[0]).isEqualTo(250.0);
        assertThat(withBaseline.received()).isEqualTo(1);
    }

    @Test
    void shouldCallOnStatisticsWithPriceWindowsWhenStatistics()
    {
        final UnsafeBuffer buffer = scratch();
        final StatisticsEncoder encoder = new StatisticsEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(18);
        encoder.instrumentId(9).ensembleScore(0.25);
        encoder.priceWindowsCount(2).next().windowNs(1).sampleCount(3).next().windowNs(2).sampleCount(4);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("statistics seq=18 instrument=9 0.25 1:3 2:4");
        assertCounts(1, 0);
    }

    @Test
    void shouldCallOnActivityBarWhenActivityBar()
    {
        final UnsafeBuffer buffer = scratch();
        final ActivityBarEncoder encoder = new ActivityBarEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(19);
        encoder.instrumentId(10).kind(ActivityKind.TICK).threshold(100).sequence(2).tradeCount(100);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).containsExactly("activity seq=19 instrument=10 TICK 100 #2 n=100");
        assertCounts(1, 0);
    }

    @Test
    void shouldDeliverEachMessageOfAStreamWhenCalledRepeatedly()
    {
        final UnsafeBuffer buffer = scratch();
        final TradeTickEncoder trade = new TradeTickEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        trade.envelope().globalSeq(1);
        trade.instrumentId(1).priceMantissa(10).size(1).aggressorSide(Side.SELL).tradeId(1);
        final int tradeLength = MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
        final VwapUpdateEncoder vwap = new VwapUpdateEncoder()
            .wrapAndApplyHeader(buffer, OFFSET + tradeLength, header);
        vwap.envelope().globalSeq(1);
        vwap.instrumentId(1).vwap(10).volume(1).tradeCount(1).lastPriceMantissa(10);
        final int vwapLength = MessageHeaderEncoder.ENCODED_LENGTH + vwap.encodedLength();

        subscriber.onMessage(buffer, OFFSET, tradeLength);
        subscriber.onMessage(buffer, OFFSET + tradeLength, vwapLength);

        assertThat(listener.calls).extracting(call -> call.split(" ")[0]).containsExactly("trade", "vwap");
        assertCounts(2, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 7 })
    void shouldSkipWhenShorterThanHeader(final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        subscriber.onMessage(buffer, 0, length);
        assertThat(listener.calls).isEmpty();
        assertCounts(0, 1);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 7000, 7002, 0xFFFF })
    void shouldSkipWhenSchemaIsForeign(final int schemaId)
    {
        final UnsafeBuffer buffer = scratch();
        final TradeTickEncoder encoder = new TradeTickEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        buffer.putShort(OFFSET + 4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);

        deliver(buffer, encoder.encodedLength());

        assertThat(listener.calls).isEmpty();
        assertCounts(0, 1);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 4, 16, 20, 24, 0xFFFF })
    void shouldSkipWhenTemplateUnknown(final int templateId)
    {
        final UnsafeBuffer buffer = scratch();
        writeHeader(buffer, OFFSET, 150, templateId);
        subscriber.onMessage(buffer, OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + 150);

        assertThat(listener.calls).isEmpty();
        assertCounts(0, 1);
    }

    @Test
    void shouldSkipWhenMessageIsFromInputFeed()
    {
        final UnsafeBuffer buffer = scratch();
        final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.instrumentId(1).priceMantissa(1).size(1).tradeId(1);

        deliver(buffer, encoder.encodedLength());

        assertCounts(0, 1);
    }

    @ParameterizedTest
    @ValueSource(ints = { 11, 12, 13, 21, 22, 23, 24, 25 })
    void shouldSkipWhenBlockShorterThanTemplate(final int templateId)
    {
        final int block;
        switch (templateId)
        {
            case 11: block = InstrumentTickDecoder.BLOCK_LENGTH; break;
            case 12: block = TradeTickDecoder.BLOCK_LENGTH; break;
            case 13: block = QuoteTickDecoder.BLOCK_LENGTH; break;
            case 21: block = BarDecoder.BLOCK_LENGTH; break;
            case 22: block = VwapUpdateDecoder.BLOCK_LENGTH; break;
            case 24: block = StatisticsDecoder.BLOCK_LENGTH; break;
            case 25: block = ActivityBarDecoder.BLOCK_LENGTH; break;
            default: block = AnomalyScoreDecoder.BLOCK_LENGTH; break;
        }
        final UnsafeBuffer buffer = scratch();
        for (final int declared : new int[] { 0, block - 1 })
        {
            writeHeader(buffer, OFFSET, declared, templateId);
            subscriber.onMessage(buffer, OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + block);
        }

        assertThat(listener.calls).isEmpty();
        assertCounts(0, 2);
    }

    @Test
    void shouldSkipWhenBlockRunsPastMessage()
    {
        final UnsafeBuffer buffer = scratch();
        final TradeTickEncoder encoder = new TradeTickEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length - 1]);
        exact.putBytes(0, buffer, OFFSET, length - 1);

        subscriber.onMessage(exact, 0, length - 1);

        assertThat(listener.calls).isEmpty();
        assertCounts(0, 1);
    }

    @Test
    void shouldDeliverWhenBlockLongerThanTemplate()
    {
        // A newer engine appended a field to VwapUpdate; this subscriber reads the fields it knows.
        final UnsafeBuffer buffer = scratch();
        final VwapUpdateEncoder encoder = new VwapUpdateEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        encoder.envelope().globalSeq(15);
        encoder.instrumentId(7).vwap(2.0).volume(40).tradeCount(3).lastPriceMantissa(-1);
        writeHeader(buffer, OFFSET, VwapUpdateDecoder.BLOCK_LENGTH + 8, VwapUpdateDecoder.TEMPLATE_ID);
        buffer.putShort(OFFSET + 6, (short)2, ByteOrder.LITTLE_ENDIAN);

        subscriber.onMessage(buffer, OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + VwapUpdateDecoder.BLOCK_LENGTH + 8);

        assertThat(listener.calls).containsExactly("vwap seq=15 instrument=7 2.0 v=40 n=3 last=-1");
        assertCounts(1, 0);
    }

    @Test
    void shouldIgnoreMessagesWhenListenerImplementsNothing()
    {
        final TicktapeSubscriber quiet = new TicktapeSubscriber(new TicktapeListener()
        {
        });
        final UnsafeBuffer buffer = scratch();
        final BarEncoder encoder = new BarEncoder().wrapAndApplyHeader(buffer, OFFSET, header);
        quiet.onMessage(buffer, OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        assertThat(quiet.received()).isEqualTo(1);
        assertThat(quiet.skipped()).isZero();
    }

    @Test
    void shouldMapStreamNamesWhenKnownAndRejectOthers()
    {
        assertThat(Streams.streamId("ticks")).isEqualTo(Streams.TICKS_STREAM_ID);
        assertThat(Streams.streamId("analytics")).isEqualTo(Streams.ANALYTICS_STREAM_ID);
        assertThat(Streams.streamId("alerts")).isEqualTo(Streams.ALERTS_STREAM_ID);
        assertThat(List.of(Streams.TICKS_STREAM_ID, Streams.ANALYTICS_STREAM_ID, Streams.ALERTS_STREAM_ID))
            .doesNotHaveDuplicates();
        assertThatThrownBy(() -> Streams.streamId("bars")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bars");
    }

    private UnsafeBuffer scratch()
    {
        return new UnsafeBuffer(new byte[OFFSET + 512]);
    }

    /** Deliver from a buffer holding exactly the message, so a read past its end fails the bounds check. */
    private void deliver(final UnsafeBuffer buffer, final int blockLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length]);
        exact.putBytes(0, buffer, OFFSET, length);
        subscriber.onMessage(exact, 0, length);
    }

    private static void writeHeader(final UnsafeBuffer buffer, final int offset, final int blockLength,
        final int templateId)
    {
        buffer.putShort(offset, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 4, (short)7001, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 6, (short)1, ByteOrder.LITTLE_ENDIAN);
    }

    private void assertCounts(final long received, final long skipped)
    {
        assertThat(subscriber.received()).as("received").isEqualTo(received);
        assertThat(subscriber.skipped()).as("skipped").isEqualTo(skipped);
    }

    /** Writes one line per callback with the fields it read. */
    private static final class RecordingListener implements TicktapeListener
    {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onInstrument(final InstrumentTickDecoder instrument)
        {
            calls.add("instrument seq=" + instrument.envelope().globalSeq() + " instrument=" +
                instrument.instrumentId() + " " + instrument.symbol() + " exp=" + instrument.priceExponent() +
                " tick=" + instrument.tickSizeMantissa());
        }

        @Override
        public void onTrade(final TradeTickDecoder trade)
        {
            calls.add("trade seq=" + trade.envelope().globalSeq() + " instrument=" + trade.instrumentId() +
                " price=" + trade.priceMantissa() + " size=" + trade.size() + " side=" + trade.aggressorSide() +
                " id=" + trade.tradeId());
        }

        @Override
        public void onQuote(final QuoteTickDecoder quote)
        {
            calls.add("quote seq=" + quote.envelope().globalSeq() + " instrument=" + quote.instrumentId() + " " +
                quote.bidPriceMantissa() + "x" + quote.bidSize() + " " + quote.askPriceMantissa() + "x" +
                quote.askSize());
        }

        @Override
        public void onBar(final BarDecoder bar)
        {
            calls.add("bar seq=" + bar.envelope().globalSeq() + " instrument=" + bar.instrumentId() + " " +
                bar.intervalNs() + " " + bar.openMantissa() + "/" + bar.highMantissa() + "/" + bar.lowMantissa() +
                "/" + bar.closeMantissa() + " v=" + bar.volume() + " n=" + bar.tradeCount() + " vwap=" + bar.vwap() +
                " " + bar.closed());
        }

        @Override
        public void onVwap(final VwapUpdateDecoder vwap)
        {
            calls.add("vwap seq=" + vwap.envelope().globalSeq() + " instrument=" + vwap.instrumentId() + " " +
                vwap.vwap() + " v=" + vwap.volume() + " n=" + vwap.tradeCount() + " last=" +
                vwap.lastPriceMantissa());
        }

        @Override
        public void onAnomaly(final AnomalyScoreDecoder score)
        {
            calls.add("anomaly seq=" + score.envelope().globalSeq() + " instrument=" + score.instrumentId() + " " +
                score.kind() + " " + score.score());
        }

        @Override
        public void onStatistics(final StatisticsDecoder statistics)
        {
            final StringBuilder line = new StringBuilder("statistics seq=" + statistics.envelope().globalSeq() +
                " instrument=" + statistics.instrumentId() + " " + statistics.ensembleScore());
            for (final StatisticsDecoder.PriceWindowsDecoder window : statistics.priceWindows())
            {
                line.append(' ').append(window.windowNs()).append(':').append(window.sampleCount());
            }
            calls.add(line.toString());
        }

        @Override
        public void onActivityBar(final ActivityBarDecoder bar)
        {
            calls.add("activity seq=" + bar.envelope().globalSeq() + " instrument=" + bar.instrumentId() + " " +
                bar.kind() + " " + bar.threshold() + " #" + bar.sequence() + " n=" + bar.tradeCount());
        }
    }
}
