package io.ticktape.feed.sim;

import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteDecoder;
import io.ticktape.protocol.sbe.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarketSimulatorShocksTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldShockDeterministicallyWithoutChangingTheRestOfTheMarket()
    {
        final List<String> first = events(new MarketSimulator(42, 8, 100_000, 1, MarketSimulator.DEFAULT_START_NS,
            SECOND / 4), 150_000);
        final List<String> again = events(new MarketSimulator(42, 8, 100_000, 1, MarketSimulator.DEFAULT_START_NS,
            SECOND / 4), 150_000);
        final List<String> calm = events(new MarketSimulator(42, 8, 100_000, 1, MarketSimulator.DEFAULT_START_NS),
            150_000);
        assertThat(again).isEqualTo(first);
        assertThat(calm).hasSameSizeAs(first);

        // Same times, instruments and kinds: only prices differ, and a few quotes are crossed.
        long crossed = 0;
        long jumps = 0;
        for (int i = 0; i < first.size(); i++)
        {
            final String[] a = first.get(i).split(" ");
            final String[] b = calm.get(i).split(" ");
            assertThat(Arrays.copyOf(a, 3)).isEqualTo(Arrays.copyOf(b, 3));
            if ("Q".equals(a[0]) && Long.parseLong(a[3]) > Long.parseLong(a[4]))
            {
                crossed++;
            }
        }
        final MarketSimulator shocked = new MarketSimulator(42, 8, 100_000, 1, MarketSimulator.DEFAULT_START_NS,
            SECOND / 4);
        events(shocked, 150_000);
        jumps = shocked.shocks();
        // About 1.5 s of exchange time at a 250 ms mean interval.
        assertThat(jumps).isBetween(1L, 15L);
        assertThat(crossed).isLessThanOrEqualTo(jumps);
        assertThat(calm.stream().filter(e -> e.startsWith("Q")).filter(e ->
        {
            final String[] q = e.split(" ");
            return Long.parseLong(q[3]) > Long.parseLong(q[4]);
        })).isEmpty();
    }

    private static List<String> events(final MarketSimulator simulator, final int messages)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        final FrameHeaderFlyweight header = new FrameHeaderFlyweight();
        final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
        final TradeDecoder trade = new TradeDecoder();
        final QuoteDecoder quote = new QuoteDecoder();
        final List<String> events = new ArrayList<>();
        while (simulator.messagesGenerated() < messages)
        {
            simulator.nextFrame(frame, 0);
            header.wrap(frame, 0);
            int offset = FrameHeaderFlyweight.LENGTH;
            for (int i = 0; i < header.messageCount(); i++)
            {
                messageHeader.wrap(frame, offset);
                final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
                if (messageHeader.templateId() == TradeDecoder.TEMPLATE_ID)
                {
                    trade.wrap(frame, body, messageHeader.blockLength(), messageHeader.version());
                    events.add("T " + trade.instrumentId() + " " + trade.exchangeTimeNs() + " " + trade.priceMantissa());
                }
                else if (messageHeader.templateId() == QuoteDecoder.TEMPLATE_ID)
                {
                    quote.wrap(frame, body, messageHeader.blockLength(), messageHeader.version());
                    events.add("Q " + quote.instrumentId() + " " + quote.exchangeTimeNs() + " " +
                        quote.bidPriceMantissa() + " " + quote.askPriceMantissa());
                }
                offset = body + messageHeader.blockLength();
            }
        }
        return events;
    }
}
