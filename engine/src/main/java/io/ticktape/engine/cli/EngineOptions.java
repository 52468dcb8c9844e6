package io.ticktape.engine.cli;

import io.ticktape.engine.EngineConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options shared by {@code demo} and {@code run}; each overrides the configuration when given.
 */
final class EngineOptions
{
    @Option(names = "--config", description = "Engine configuration (YAML).")
    Path config;

    @Option(names = "--data-dir", description = "Data directory for the journal (default ./data).")
    String dataDir;

    @Option(names = "--aeron-dir", description = "Attach to an external media driver instead of embedding one.")
    String aeronDir;

    @Option(names = "--profile", description = "default | low-latency.")
    String profile;

    @Option(names = "--rate", description = "Simulated messages per second, or max.")
    String rate;

    @Option(names = "--instruments", description = "Simulated instruments.")
    Integer instruments;

    @Option(names = "--seed", description = "Simulator seed.")
    Long seed;

    @Option(names = "--line-loss", description = "Probability each simulated line (A, B) loses a frame.")
    Double lineLoss;

    @Option(names = "--cpus", split = ",", description = "CPUs to pin threads to (low-latency profile).")
    java.util.List<Integer> cpus;

    @Option(names = "--no-dashboard", description = "Do not serve the dashboard page and /metrics.")
    boolean noDashboard;

    @Option(names = "--dashboard-port", description = "Dashboard and /metrics port on loopback (0: ephemeral; " +
        "default 8080, an ephemeral one if 8080 is taken).")
    Integer dashboardPort;

    EngineConfig resolve()
    {
        final EngineConfig config = null == this.config ? new EngineConfig() : EngineConfig.load(this.config);
        if (null != dataDir)
        {
            config.dataDir = dataDir;
        }
        if (null != aeronDir)
        {
            config.aeronDir = aeronDir;
        }
        if (null != profile)
        {
            config.profile = profile;
        }
        if (null != rate)
        {
            final long value = parseRate(rate);
            config.simulator.paced = value > 0;
            if (value > 0)
            {
                config.simulator.rate = value;
            }
        }
        if (null != instruments)
        {
            if (instruments < 1)
            {
                throw new IllegalArgumentException("--instruments must be at least 1: " + instruments);
            }
            config.simulator.instruments = instruments;
        }
        if (null != seed)
        {
            config.simulator.seed = seed;
        }
        if (null != lineLoss)
        {
            config.simulator.lineLoss = lineLoss;
        }
        if (null != cpus)
        {
            config.cpus = cpus;
        }
        config.withDefaults();
        if (noDashboard)
        {
            config.dashboard.enabled = false;
        }
        if (null != dashboardPort)
        {
            config.dashboard.port = dashboardPort;
        }
        return config.validate();
    }

    static long parseRate(final String rate)
    {
        if ("max".equalsIgnoreCase(rate))
        {
            return 0;
        }
        try
        {
            final long value = Long.parseLong(rate.replace("_", ""));
            if (value <= 0)
            {
                throw new IllegalArgumentException("--rate must be positive or max: " + rate);
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--rate must be a number of messages per second or max: " + rate);
        }
    }
}
