package io.ticktape.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code bin/ticktape} command run in the test's JVM, as a user runs it, with what it printed.
 */
final class CliRun
{
    /** The command's exit status. */
    final int exitCode;
    /** What it printed on standard output. */
    final String out;
    /** What it printed on standard error. */
    final String err;

    private CliRun(final int exitCode, final String out, final String err)
    {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /**
     * Run {@link TicktapeCli#execute} with standard output and error captured (and restored afterwards).
     *
     * @param args the command line after {@code bin/ticktape}.
     * @return exit status and output.
     */
    static CliRun run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            final int code = TicktapeCli.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
