package io.ticktape.engine;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.ticktape.feed.sim.MarketSimulator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream publisher already on Aeron: Ticktape frames offered on an Aeron stream are decoded by a feed read
 * from a YAML configuration, arbitrated and sequenced like any other feed.
 */
class AeronFeedTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldSequenceEveryFramePublishedUpstreamOnAeron() throws Exception
    {
        final Path file = dir.resolve("engine.yaml");
        Files.writeString(file, String.join("\n",
            "!io.ticktape.engine.EngineConfig {",
            "  dataDir: \"" + dir.resolve("data") + "\",",
            "  embeddedAeronDir: \"" + dir.resolve("aeron") + "\",",
            "  simulator: { enabled: false },",
            "  feeds: [",
            "    !io.ticktape.engine.FeedConfig { name: upstream, format: ticktape, transport: aeron,",
            "      aeronChannel: \"aeron:ipc\", streamId: 2001 }",
            "  ]",
            "}", ""));
        final EngineConfig config = EngineConfig.load(file);
        assertThat(config.feeds).hasSize(1);
        assertThat(config.feeds.get(0).transport).isEqualTo("aeron");
        assertThat(config.feeds.get(0).streamId).isEqualTo(2001);

        final MarketSimulator simulator = new MarketSimulator(5, 6, 50_000, 4, MarketSimulator.DEFAULT_START_NS);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        final TicktapeEngine engine = TicktapeEngine.launch(config);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(engine.aeronDir()));
            Publication publication = aeron.addExclusivePublication("aeron:ipc", 2001))
        {
            Await.until(publication::isConnected, 60, TimeUnit.SECONDS);
            for (int i = 0; i < 5_000; i++)
            {
                final int length = simulator.nextFrame(frame, 0);
                while (publication.offer(frame, 0, length) < 0)
                {
                    Thread.onSpinWait();
                }
            }
            Await.until(() -> engine.counters().value("sequencer.ticks") >= simulator.messagesGenerated(), 60,
                TimeUnit.SECONDS);
        }
        finally
        {
            engine.close();
        }
        assertThat(engine.counters().value("sequencer.ticks")).isEqualTo(simulator.messagesGenerated());
        assertThat(engine.counters().value("journal.ticks")).isEqualTo(simulator.messagesGenerated());
        assertThat(engine.counters().value("arbiter.4.passed")).isEqualTo(5_000);
        assertThat(engine.counters().value("arbiter.4.gaps")).isZero();
    }

    @Test
    void shouldRejectFeedsWithMissingSettingsNamingTheFeed() throws Exception
    {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "!io.ticktape.engine.EngineConfig { feeds: [ !io.ticktape.engine.FeedConfig " +
            "{ name: cme, format: mdp3, transport: udp } ] }\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EngineConfig.load(file))
            .hasMessageContaining("bad.yaml").hasMessageContaining("feed cme: udp needs lines");
        Files.writeString(file, "!io.ticktape.engine.EngineConfig { feeds: [ !io.ticktape.engine.FeedConfig " +
            "{ name: x, format: morse, transport: udp, lines: [ \"127.0.0.1:1\" ] } ] }\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EngineConfig.load(file))
            .hasMessageContaining("unknown feed format 'morse'");
    }
}
