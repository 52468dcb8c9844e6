package io.ticktape.engine.cli;

import io.ticktape.engine.EngineConfig;
import io.ticktape.protocol.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
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

    @Option(names = "--alerts", description = "Alert rules (YAML); default: config/alerts.yaml of this checkout " +
        "where the configuration names none. --alerts none: no rules.")
    String alerts;

    @Override
    public Integer call()
    {
        final EngineConfig config = engine.resolve();
        if (null != alerts)
        {
            config.alerts.rulesFile = "none".equals(alerts) ? "" : alerts;
        }
        else if (config.alerts.rulesFile.isEmpty())
        {
            config.alerts.rulesFile = exampleRules();
        }
        final long durationNs = Durations.parseNs(duration);
        return new EngineSession(config, System.out).warmupNs(Durations.parseNs(warmup))
            .run(durationNs, summaryJson, "demo");
    }

    /**
     * The example rules shipped beside the launcher: config/alerts.yaml in the working directory or in the checkout
     * the running jar was built in (engine/target/ticktape.jar).
     */
    static String exampleRules()
    {
        final Path local = Path.of("config", "alerts.yaml");
        if (Files.isRegularFile(local))
        {
            return local.toString();
        }
        try
        {
            final Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path root = jar.getParent().getParent().getParent();
            final Path shipped = root.resolve("config").resolve("alerts.yaml");
            return Files.isRegularFile(shipped) ? shipped.toString() : "";
        }
        catch (final Exception ex)
        {
            return "";
        }
    }
}
