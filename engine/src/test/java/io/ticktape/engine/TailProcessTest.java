package io.ticktape.engine;

import io.ticktape.protocol.JvmFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second process, {@code ticktape tail}, receives analytics from a running engine over Aeron IPC.
 */
class TailProcessTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldReceiveAnalyticsInAnotherProcess() throws Exception
    {
        final EngineConfig config = new EngineConfig();
        config.dataDir = dir.resolve("data").toString();
        config.embeddedAeronDir = dir.resolve("aeron").toString();
        config.simulator.rate = 20_000;
        config.simulator.instruments = 5;

        final TicktapeEngine engine = TicktapeEngine.launch(config);
        final Path output = dir.resolve("tail.out");
        try
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JvmFlags.flags());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("io.ticktape.engine.cli.TicktapeCli");
            command.addAll(List.of("tail", "--stream", "analytics", "--count", "200", "--timeout", "60s",
                "--aeron-dir", engine.aeronDir()));
            final Process tail = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            assertThat(tail.waitFor(90, TimeUnit.SECONDS)).as("tail exits").isTrue();
            assertThat(tail.exitValue()).as(Files.readString(output)).isZero();
        }
        finally
        {
            engine.close();
        }

        final List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
            .filter(line -> line.matches("(vwap|bar|stats|anomaly|activity_bar) .*"))
            .toList();
        assertThat(lines).hasSize(200);
        assertThat(lines).allMatch(line ->
            line.matches("(vwap|bar|stats|anomaly|activity_bar) seq=\\d+ instrument=\\d+ .*"));
        assertThat(lines).anyMatch(line -> line.startsWith("vwap ")).anyMatch(line -> line.startsWith("stats "));
        assertThat(engine.counters().value("publisher.analytics.published")).isGreaterThanOrEqualTo(200);
    }

    @Test
    void shouldExitWithClearErrorWhenNoEngineRuns() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.flags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ticktape.engine.cli.TicktapeCli",
            "tail", "--count", "1", "--aeron-dir", dir.resolve("nothing-here").toString()));
        final Process tail = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(tail.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tail.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).isEqualTo(2);
        assertThat(out).contains("no media driver running in " + dir.resolve("nothing-here"));
        assertThat(out).doesNotContain("Exception");
        assertThat(new File(dir.resolve("nothing-here").toString())).doesNotExist();
    }
}
