package io.ticktape.perf;

import io.ticktape.perf.latency.RingHopLatency;
import io.ticktape.perf.replay.ReplayThroughput;
import io.ticktape.protocol.JvmFlags;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ticktape-perf.jar}, run by {@code bin/ticktape bench ...}.
 * <pre>
 *  jmh [filter] [JMH options...]   run the JMH benchmarks whose name matches the filter (a regexp; all if none),
 *                                  e.g. jmh DecodeToKernel -prof gc;  jmh -l lists them;  jmh -h shows JMH's options
 *  ringhop [options...]            the ring-hop latency harness, {@link RingHopLatency} (ringhop --help)
 *  help                            this text
 * </pre>
 * JMH's own command line is accepted as it is, and every forked benchmark JVM gets {@link JvmFlags#flags()} (the
 * {@code --add-opens}, {@code --add-exports} and Chronicle properties defined once in the root POM) appended to
 * its arguments, before any {@code -jvmArgsAppend} given on the command line.
 */
public final class BenchMain
{
    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: ticktape bench <command> [args...]",
        "  jmh [filter] [JMH options...]  run JMH benchmarks matching the filter regexp (all if none),",
        "                                 e.g. 'jmh DecodeToKernel -prof gc'; 'jmh -l' lists, 'jmh -h' shows options",
        "  ringhop [--rate N] [--duration 10s] [--warmup 2s] [--wait yielding|busy-spin|sleeping|blocking]",
        "          [--cpus a,b] [--hlog FILE]",
        "                                 latency of one Disruptor ring hop vs an ArrayBlockingQueue hand-off",
        "                                 at a constant rate, HdrHistogram percentiles; 'ringhop --help' for more",
        "  tsql [--trades 10000000] [--symbols 200] [--runs 5] [--threads N] [--no-questdb]",
        "                                 TSQL vs DuckDB (in-process) and QuestDB (embedded) on the same trades",
        "  replay [--ticks N] [--rounds R] [--dir D]",
        "                                 max-speed replay into an Aeron IPC subscriber in another process vs a",
        "                                 plain Chronicle tailer read loop (the ceiling), ticks/s side by side",
        "  latency [--rate N] [--duration 60s] [--warmup 5s] [--baselines abq,questdb|none] [--find-max on|off]",
        "          [--step 3s] [--slo 1ms] [--operators on|off] [--hlog-dir DIR]",
        "                                 the whole pipeline at a constant rate, every stage timed (HdrHistogram,",
        "                                 .hlog), with ArrayBlockingQueue and QuestDB baselines and the highest",
        "                                 sustainable rate of each; 'latency --help' for more",
        "  help                           print this text");

    private BenchMain()
    {
    }

    /**
     * @param args a command and its arguments, see the class description.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run a command.
     *
     * @param args a command and its arguments.
     * @param out  for results and help.
     * @param err  for errors.
     * @return the process exit status: 0 success, 1 a benchmark or a harness check failed, 2 bad arguments.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (0 == args.length)
        {
            err.println(USAGE);
            return 2;
        }
        switch (args[0])
        {
            case "jmh":
                return jmh(Arrays.copyOfRange(args, 1, args.length), out, err);

            case "ringhop":
                return RingHopLatency.run(Arrays.copyOfRange(args, 1, args.length), out, err);

            case "tsql":
                return io.ticktape.perf.tsql.TsqlPeerBenchmark.run(Arrays.copyOfRange(args, 1, args.length), out, err);

            case "replay":
                return ReplayThroughput.run(Arrays.copyOfRange(args, 1, args.length), out, err);

            case "latency":
                return PipelineLatency.run(Arrays.copyOfRange(args, 1, args.length), out, err);

            case "help":
            case "-h":
            case "--help":
                out.println(USAGE);
                return 0;

            default:
                err.println("ticktape bench: unknown command '" + args[0] + "' (expected: jmh, ringhop, tsql, replay, latency, help)");
                return 2;
        }
    }

    private static int jmh(final String[] jmhArgs, final PrintStream out, final PrintStream err)
    {
        final CommandLineOptions commandLine;
        try
        {
            commandLine = new CommandLineOptions(jmhArgs);
        }
        catch (final CommandLineOptionException ex)
        {
            err.println("ticktape bench jmh: " + ex.getMessage());
            return 2;
        }

        try
        {
            if (commandLine.shouldHelp())
            {
                commandLine.showHelp();
                return 0;
            }
            if (commandLine.shouldListProfilers())
            {
                commandLine.listProfilers();
                return 0;
            }
            if (commandLine.shouldListResultFormats())
            {
                commandLine.listResultFormats();
                return 0;
            }

            final Runner runner = new Runner(withJvmFlags(commandLine));
            if (commandLine.shouldList())
            {
                runner.list();
                return 0;
            }
            if (commandLine.shouldListWithParams())
            {
                runner.listWithParams(commandLine);
                return 0;
            }
            runner.run();
            return 0;
        }
        catch (final NoBenchmarksException ex)
        {
            err.println("ticktape bench jmh: no benchmark matches " + commandLine.getIncludes() +
                " (list them with: jmh -l)");
            return 2;
        }
        catch (final RunnerException ex)
        {
            err.println("ticktape bench jmh: " + messages(ex));
            return 1;
        }
        catch (final IOException ex)
        {
            err.println("ticktape bench jmh: " + ex.getMessage());
            return 1;
        }
    }

    /**
     * The command line's options with the project's JVM flags appended to every fork's arguments.
     *
     * @param commandLine as parsed by JMH.
     * @return options for the runner.
     */
    static Options withJvmFlags(final CommandLineOptions commandLine)
    {
        final List<String> append = new ArrayList<>(JvmFlags.flags());
        // Tests run with Agrona's bounds checks on; benchmarks measure the production setting, off, as Aeron's do.
        // A -jvmArgsAppend -Dagrona.disable.bounds.checks=false on the command line comes later and wins.
        append.add("-Dagrona.disable.bounds.checks=true");
        // An option set here would replace the command line's, not add to it: keep the user's after ours.
        append.addAll(commandLine.getJvmArgsAppend().orElse(List.of()));
        return new OptionsBuilder()
            .parent(commandLine)
            .jvmArgsAppend(append.toArray(new String[0]))
            .build();
    }

    private static String messages(final Throwable failure)
    {
        final StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; null != cause; cause = cause.getCause())
        {
            if (text.length() > 0)
            {
                text.append("; ");
            }
            text.append(cause.getMessage());
            for (final Throwable suppressed : cause.getSuppressed())
            {
                text.append("; ").append(suppressed.getMessage());
            }
        }
        return text.toString();
    }
}
