package io.ticktape.engine.cli;

import io.ticktape.engine.Durations;
import io.ticktape.engine.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ticktape demo}: the whole pipeline on a simulated feed, a line a second and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on a simulated SBE feed and print a summary.")
final class DemoCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--duration", defaultValue = "10s", description = "How long to run (e.g. 500ms, 10s, 5m).")
    String duration;

    @Option(names = "--summary-json", description = "Write the final summary as JSON to this file.")
    Path summaryJson;

    @Option(names = "--warmup", defaultValue = "2s",
        description = "Leave this first part of the run out of the summary's latency (JIT compiling on a busy " +
            "machine, first page faults); the per-second lines show it. 0s keeps everything.")
    String warmup;

    @Override
    public Integer call()
    {
        final EngineConfig config = engine.resolve();
        final long durationNs = Durations.parseNs(duration);
        return new EngineSession(config, System.out).warmupNs(Durations.parseNs(warmup))
            .run(durationNs, summaryJson, "demo");
    }
}
