package io.ticktape.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/ticktape}.
 */
@Command(
    name = "ticktape",
    mixinStandardHelpOptions = true,
    version = "ticktape 0.1.0",
    description = "Low-latency market-data analytics engine.",
    subcommands = { DemoCommand.class, RunCommand.class, FeedCommand.class, TailCommand.class, ExportCommand.class,
        DumpCommand.class, ImportCommand.class, AlertsCommand.class, QueryCommand.class, ReplayCommand.class,
        ReplayControlCommand.class })
public final class TicktapeCli implements Runnable
{
    static
    {
        // Before any Chronicle class loads: the engine never contacts a host it was not configured to contact.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.disk.monitor.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        if (null == System.getProperty("java.util.logging.SimpleFormatter.format"))
        {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Run a command line without exiting the JVM (tests).
     *
     * @param args command line.
     * @return the exit code.
     */
    public static int execute(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new TicktapeCli());
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            // Bad input files and arguments found while running get one clear line, not a stack trace.
            cmd.getErr().println("ticktape " + cmd.getCommandName() + ": " + message(ex));
            return 2;
        });
        return commandLine.execute(args);
    }

    private static String message(final Throwable ex)
    {
        final String message = ex.getMessage();
        return null == message ? ex.toString() : message;
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
