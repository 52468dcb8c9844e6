package io.ticktape.perf;

import io.ticktape.perf.latency.OptionValues;
import io.ticktape.sequencer.WaitStrategies;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The options of {@code bin/ticktape bench latency} ({@link PipelineLatency}), parsed from the command line.
 */
final class LatencyOptions
{
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: ticktape bench latency [--rate N] [--duration 60s] [--warmup 5s] [--baselines abq,questdb|none]",
        "                              [--find-max on|off] [--step 3s] [--slo 1ms] [--max-rate N]",
        "                              [--operators on|off] [--wait yielding|busy-spin|sleeping|blocking]",
        "                              [--pace yield|spin]",
        "                              [--hlog-dir DIR] [--data-dir DIR]",
        "  --rate N        ticks per second offered, constant (default 1000000)",
        "  --duration D    measured time at --rate, after --warmup (default 60s, warm-up 5s)",
        "  --baselines L   abq (ArrayBlockingQueue hand-offs), questdb (embedded QuestDB ingestion), both or none",
        "  --find-max      step the rate to find the highest sustainable one (default on); --step: each step's",
        "                  measured time; --slo: the p99 every stage must keep; --max-rate: the highest rate tried",
        "  --operators     the kernel's per-instrument operators (default on, as in the engine)",
        "  --wait W        the Disruptor consumers' wait strategy (default yielding, the default profile's)",
        "  --pace P        how the producer waits for a frame to be due: yield (default, as the default profile's",
        "                  feed thread idles) or spin (never gives its core up: for a machine with a core per thread)",
        "  --hlog-dir DIR  where the .hlog files go (default ./latency-hlog); --data-dir: journal and QuestDB",
        "                  files (default a temp dir, deleted at the end)");

    long rate = 1_000_000;
    long durationNs = TimeUnit.SECONDS.toNanos(60);
    long warmupNs = TimeUnit.SECONDS.toNanos(5);
    boolean abq = true;
    boolean questdb = true;
    boolean findMax = true;
    long stepNs = TimeUnit.SECONDS.toNanos(3);
    long sloNs = TimeUnit.MILLISECONDS.toNanos(1);
    long maxRate = 64_000_000;
    boolean operators = true;
    String wait = "yielding";
    Pace pace = Pace.YIELD;
    Path hlogDir = Path.of("latency-hlog");
    Path dataDir;

    boolean parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return true;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value for " + arg + " (see --help)");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--rate":
                    rate = OptionValues.positiveLong(arg, value);
                    break;
                case "--duration":
                    durationNs = duration(arg, value, 1);
                    break;
                case "--warmup":
                    warmupNs = duration(arg, value, 0);
                    break;
                case "--baselines":
                    abq = false;
                    questdb = false;
                    for (final String name : value.split(","))
                    {
                        switch (name.trim())
                        {
                            case "abq":
                                abq = true;
                                break;
                            case "questdb":
                                questdb = true;
                                break;
                            case "none":
                                break;
                            default:
                                throw new IllegalArgumentException("--baselines takes abq, questdb or none: " + name);
                        }
                    }
                    break;
                case "--find-max":
                    findMax = OptionValues.onOff(arg, value);
                    break;
                case "--step":
                    stepNs = duration(arg, value, 1);
                    break;
                case "--slo":
                    sloNs = duration(arg, value, 1);
                    break;
                case "--max-rate":
                    maxRate = OptionValues.positiveLong(arg, value);
                    break;
                case "--operators":
                    operators = OptionValues.onOff(arg, value);
                    break;
                case "--wait":
                    WaitStrategies.of(value);
                    wait = value;
                    break;
                case "--pace":
                    pace = Pace.of(value);
                    break;
                case "--hlog-dir":
                    hlogDir = Path.of(value);
                    break;
                case "--data-dir":
                    dataDir = Path.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
            }
        }
        return false;
    }

    private static long duration(final String option, final String value, final long minNs)
    {
        final long ns = OptionValues.durationNs(option, value);
        if (ns < minNs)
        {
            throw new IllegalArgumentException(option + " is too short: " + value);
        }
        return ns;
    }
}
