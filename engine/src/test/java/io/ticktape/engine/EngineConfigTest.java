package io.ticktape.engine;

import io.ticktape.protocol.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConfigTest
{
    private static final Path SHIPPED = Path.of("..", "config", "engine.yaml");

    @TempDir
    Path dir;

    @Test
    void shouldReadShippedConfigAsTheDefaults()
    {
        final EngineConfig shipped = EngineConfig.load(SHIPPED);
        assertThat(shipped).isEqualTo(new EngineConfig());
    }

    @Test
    void shouldKeepDefaultsForFieldsTheFileLeavesOut() throws Exception
    {
        final Path file = dir.resolve("partial.yaml");
        Files.writeString(file, "!io.ticktape.engine.EngineConfig { ringSize: 1024, simulator: { seed: 9 } }\n");
        final EngineConfig config = EngineConfig.load(file);
        assertThat(config.ringSize).isEqualTo(1024);
        assertThat(config.simulator.seed).isEqualTo(9);
        assertThat(config.simulator.instruments).isEqualTo(new EngineConfig().simulator.instruments);
        assertThat(config.barIntervals).containsExactly("1s", "1m");
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead()
    {
        final Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> EngineConfig.load(missing))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("missing.yaml");
    }

    @Test
    void shouldRejectGarbageWithTheFileName() throws Exception
    {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "!io.ticktape.engine.EngineConfig { ringSize: lots, }}}\n");
        assertThatThrownBy(() -> EngineConfig.load(file))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bad.yaml");
    }

    @Test
    void shouldRefuseLowLatencyProfileWithMoreSpinningThreadsThanCores()
    {
        final EngineConfig config = new EngineConfig();
        config.profile = EngineConfig.PROFILE_LOW_LATENCY;
        assertThatThrownBy(() -> EngineProfile.conclude(config, 2))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("would busy-spin 5 threads but this machine has 2 cores");
        assertThat(EngineProfile.conclude(config, 16).waitStrategy()).isEqualTo("busy-spin");
    }

    @Test
    void shouldPinOnlyInTheLowLatencyProfile()
    {
        final EngineConfig config = new EngineConfig();
        config.cpus = List.of(1, 2, 3, 4);
        assertThat(EngineProfile.conclude(config, 2).cpus()).isEmpty();
        config.profile = EngineConfig.PROFILE_LOW_LATENCY;
        assertThat(EngineProfile.conclude(config, 16).cpus()).containsExactly(1, 2, 3, 4);
        config.cpus = List.of(1);
        assertThatThrownBy(() -> EngineProfile.conclude(config, 16)).hasMessageContaining("pins 4 threads");
    }

    @Test
    void shouldRejectUnknownNamesAndBadRingSizes()
    {
        final EngineConfig config = new EngineConfig();
        config.waitStrategy = "nap";
        assertThatThrownBy(() -> EngineProfile.conclude(config, 2)).hasMessageContaining("unknown wait strategy 'nap'");
        config.waitStrategy = "";
        config.ringSize = 1000;
        assertThatThrownBy(() -> EngineProfile.conclude(config, 2)).hasMessageContaining("power of two");
        config.ringSize = 1024;
        config.profile = "fast";
        assertThatThrownBy(() -> EngineProfile.conclude(config, 2)).hasMessageContaining("unknown profile 'fast'");
    }

    @Test
    void shouldParseDurations()
    {
        assertThat(Durations.parseNs("500ms")).isEqualTo(500_000_000L);
        assertThat(Durations.parseNs("10s")).isEqualTo(10_000_000_000L);
        assertThat(Durations.parseNs("5m")).isEqualTo(300_000_000_000L);
        assertThat(Durations.parseNs("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(Durations.parseNs("250us")).isEqualTo(250_000L);
        assertThatThrownBy(() -> Durations.parseNs("10")).hasMessageContaining("invalid duration '10'");
        assertThatThrownBy(() -> Durations.parseNs("ten seconds")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> Durations.parseNs("3 fortnights")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> Durations.parseNs("5parsecs")).hasMessageContaining("unknown unit 'parsecs'");
    }
}
