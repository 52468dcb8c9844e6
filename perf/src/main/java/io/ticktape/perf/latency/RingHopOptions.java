package io.ticktape.perf.latency;

import io.ticktape.sequencer.WaitStrategies;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The command line of {@link RingHopLatency}, parsed and checked:
 * <pre>
 *  [--rate N] [--duration 10s] [--warmup 2s] [--wait yielding|busy-spin|sleeping|blocking] [--cpus a,b]
 *  [--hlog FILE] [--ring-size N]
 * </pre>
 * Each option is written {@code --name value} or {@code --name=value}.
 */
final class RingHopOptions
{
    static final long DEFAULT_RATE = 1_000_000;
    static final long DEFAULT_DURATION_NS = TimeUnit.SECONDS.toNanos(10);
    static final long DEFAULT_WARMUP_NS = TimeUnit.SECONDS.toNanos(2);
    static final String DEFAULT_WAIT = "yielding";
    static final int DEFAULT_RING_SIZE = 65_536;
    static final long MAX_RATE = 1_000_000_000;
    static final int MAX_RING_SIZE = 1 << 24;

    static final String USAGE = String.join(System.lineSeparator(),
        "usage: ticktape bench ringhop [--rate N] [--duration 10s] [--warmup 2s]",
        "                              [--wait yielding|busy-spin|sleeping|blocking] [--cpus a,b] [--hlog FILE]",
        "                              [--ring-size N]",
        "  one hop across a Disruptor ring at a constant offered rate, against an ArrayBlockingQueue hand-off in the",
        "  same run; latency = consumer's nanoTime - the event's intended send time (coordinated omission corrected)",
        "  --rate N        events per second offered (default " + DEFAULT_RATE + ")",
        "  --duration D    measured time, e.g. 500ms, 10s, 5m (default 10s)",
        "  --warmup D      time sent before measuring, not recorded (default 2s)",
        "  --wait W        how the consumer waits: " + WaitStrategies.NAMES + " (default " + DEFAULT_WAIT + ")",
        "  --cpus a,b      pin the producer to cpu a and the consumer to cpu b (OpenHFT Affinity)",
        "  --hlog FILE     write interval histograms to FILE's name + .disruptor.hlog and .abq.hlog",
        "  --ring-size N   ring slots, and ABQ capacity and pool size, a power of two (default " +
            DEFAULT_RING_SIZE + ")");

    long rate = DEFAULT_RATE;
    long durationNs = DEFAULT_DURATION_NS;
    long warmupNs = DEFAULT_WARMUP_NS;
    String wait = DEFAULT_WAIT;
    int producerCpu = -1;
    int consumerCpu = -1;
    Path hlog;
    int ringSize = DEFAULT_RING_SIZE;
    boolean help;

    /**
     * @param args the command line after {@code ringhop}.
     * @return the options.
     * @throws IllegalArgumentException with a one-line message naming the bad argument.
     */
    static RingHopOptions parse(final String... args)
    {
        final RingHopOptions options = new RingHopOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("-h".equals(arg) || "--help".equals(arg))
            {
                options.help = true;
                continue;
            }
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            final int equals = arg.indexOf('=');
            final String name = equals < 0 ? arg : arg.substring(0, equals);
            final String value;
            if (equals >= 0)
            {
                value = arg.substring(equals + 1);
            }
            else if (i + 1 < args.length)
            {
                value = args[++i];
            }
            else
            {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.set(name, value);
        }
        options.check();
        return options;
    }

    /**
     * @return events sent before measuring.
     */
    long warmupEvents()
    {
        return events(rate, warmupNs);
    }

    /**
     * @return events sent in all, warm-up included.
     */
    long totalEvents()
    {
        return warmupEvents() + events(rate, durationNs);
    }

    /**
     * @return threads that keep a core busy: the producer (it spins to keep its schedule), and the consumer when it
     * busy-spins.
     */
    int spinningThreads()
    {
        return WaitStrategies.spins(wait) ? 2 : 1;
    }

    /**
     * Whether this machine can run the options as asked.
     *
     * @param cores available processors.
     * @return null if it can, else why not, in one line.
     */
    String refusal(final int cores)
    {
        if (spinningThreads() > cores)
        {
            return "--wait " + wait + " needs " + spinningThreads() + " spinning threads (the producer keeps its " +
                "schedule by spinning, and the consumer) but only " + cores + " core(s) are available: they " +
                "would take turns on one core and measure the scheduler; use --wait yielding";
        }
        return null;
    }

    /**
     * @return the pinning asked for, in words.
     */
    String cpusText()
    {
        return producerCpu < 0 ? "none" : "producer " + producerCpu + ", consumer " + consumerCpu;
    }

    static long events(final long rate, final long ns)
    {
        final long second = TimeUnit.SECONDS.toNanos(1);
        return rate * (ns / second) + rate * (ns % second) / second;
    }

    private void set(final String name, final String value)
    {
        switch (name)
        {
            case "--rate":
                rate = OptionValues.positiveLong(name, value);
                break;
            case "--duration":
                durationNs = OptionValues.durationNs(name, value);
                break;
            case "--warmup":
                warmupNs = OptionValues.durationNs(name, value);
                break;
            case "--wait":
                WaitStrategies.of(value);
                wait = value;
                break;
            case "--cpus":
                cpus(value);
                break;
            case "--hlog":
                if (value.isBlank())
                {
                    throw new IllegalArgumentException("--hlog needs a file name");
                }
                hlog = Path.of(value);
                break;
            case "--ring-size":
            {
                final long size = OptionValues.positiveLong(name, value);
                if (size > MAX_RING_SIZE || Long.bitCount(size) != 1)
                {
                    throw new IllegalArgumentException(
                        "--ring-size must be a power of two up to " + MAX_RING_SIZE + ": " + value);
                }
                ringSize = (int)size;
                break;
            }
            default:
                throw new IllegalArgumentException("unknown option '" + name + "'");
        }
    }

    private void check()
    {
        if (rate > MAX_RATE)
        {
            throw new IllegalArgumentException("--rate at most " + MAX_RATE + " events/s: " + rate);
        }
        if (durationNs <= 0)
        {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (events(rate, durationNs) < 1)
        {
            throw new IllegalArgumentException("--duration too short for one event at --rate " + rate);
        }
    }

    private void cpus(final String value)
    {
        final String[] parts = value.split(",", -1);
        if (parts.length != 2)
        {
            throw new IllegalArgumentException("--cpus takes two cpus, producer and consumer, e.g. 2,3: " + value);
        }
        producerCpu = cpu(parts[0].trim(), value);
        consumerCpu = cpu(parts[1].trim(), value);
        if (producerCpu == consumerCpu)
        {
            throw new IllegalArgumentException("--cpus must name two different cpus: " + value);
        }
    }

    private static int cpu(final String text, final String value)
    {
        try
        {
            final int cpu = Integer.parseInt(text);
            if (cpu < 0)
            {
                throw new NumberFormatException();
            }
            return cpu;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--cpus: not a cpu number '" + text + "' in " + value);
        }
    }

}
