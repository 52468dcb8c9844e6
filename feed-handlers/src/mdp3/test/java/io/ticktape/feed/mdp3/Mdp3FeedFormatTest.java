package io.ticktape.feed.mdp3;

import io.ticktape.feed.FeedFormat;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Mdp3FeedFormatTest
{
    @Test
    void shouldFindMdp3AlongsideTheMainFormatsWhenLoadedAsService()
    {
        assertThat(FeedFormat.of("mdp3")).isInstanceOf(Mdp3FeedFormat.class);
        // The profile merges its service file with the main one instead of replacing it.
        assertThat(FeedFormat.of("ticktape").name()).isEqualTo("ticktape");
    }

    @Test
    void shouldDecodePacketsWhenCreatedThroughTheFormat()
    {
        final RecordingHandler handler = new RecordingHandler();
        final PacketDecoder decoder = FeedFormat.of("mdp3").newDecoder(handler, new Counters(), "feed.cme");
        final byte[] packet = new PacketBuilder(7, 1L)
            .trades(1_000L, new PacketBuilder.Trade(42, 123_000_000_000L, 5, 1, 77))
            .build();

        assertThat(decoder.onPacket(new UnsafeBuffer(packet), 0, packet.length, 0, 3)).isEqualTo(1);
        assertThat(handler.trades()).singleElement().satisfies(tick ->
        {
            assertThat(tick.channelId).isEqualTo(3);
            assertThat(tick.lineSeq).isEqualTo(7);
            assertThat(tick.priceMantissa).isEqualTo(123_000_000_000L);
        });
    }

    @Test
    void shouldReadMsgSeqNumWithoutDecodingWhenArbitratingLines()
    {
        final PacketDecoder decoder = FeedFormat.of("mdp3").newDecoder(new RecordingHandler(), new Counters(), "f");
        final byte[] packet = new PacketBuilder(0xFFFF_FFF0L, 1L).trades(1_000L).build();

        assertThat(decoder.lineSeq(new UnsafeBuffer(packet), 0, packet.length)).isEqualTo(0xFFFF_FFF0L);
        assertThat(decoder.lineSeq(new UnsafeBuffer(packet), 0, 11)).isEqualTo(-1);
        assertThat(decoder.channelId(new UnsafeBuffer(packet), 0, packet.length, 5)).isEqualTo(5);
    }
}
