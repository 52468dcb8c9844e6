package io.ticktape.engine.cli;

import io.ticktape.engine.EngineConfig;
import io.ticktape.protocol.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ticktape run --config FILE}: the engine as configured, until interrupted (or for a duration).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the engine as configured until Ctrl-C.")
final class RunCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--duration", description = "Stop after this long (default: run until interrupted).")
    String duration;

    @Option(names = "--summary-json", description = "Write the final summary as JSON to this file.")
    Path summaryJson;

    @Override
    public Integer call()
    {
        if (null == engine.config)
        {
            throw new IllegalArgumentException("run needs --config FILE (see config/engine.yaml)");
        }
        final EngineConfig config = engine.resolve();
        final long durationNs = null == duration ? Long.MAX_VALUE : Durations.parseNs(duration);
        return new EngineSession(config, System.out).run(durationNs, summaryJson, "run");
    }
}
