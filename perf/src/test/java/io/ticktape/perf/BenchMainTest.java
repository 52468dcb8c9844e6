package io.ticktape.perf;

import io.ticktape.protocol.JvmFlags;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintUsageAndFailWhenNoCommandIsGiven()
    {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ticktape bench");
    }

    @Test
    void shouldPrintUsageWhenAskedForHelp()
    {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("jmh [filter]");
    }

    @Test
    void shouldFailWithOneLineWhenTheCommandIsUnknown()
    {
        assertThat(run("latencyy")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo(
            "ticktape bench: unknown command 'latencyy' (expected: jmh, ringhop, tsql, replay, latency, help)");
    }

    @Test
    void shouldFailWithOneLineWhenARinghopOptionIsBad()
    {
        assertThat(run("ringhop", "--rate", "fast")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo(
            "ticktape bench ringhop: --rate must be a positive whole number: fast");
    }

    @Test
    void shouldPrintRinghopUsageWhenAskedForItsHelp()
    {
        assertThat(run("ringhop", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: ticktape bench ringhop");
    }

    @Test
    void shouldFailWhenAJmhOptionIsBad()
    {
        assertThat(run("jmh", "-bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ticktape bench jmh: ");
    }

    @Test
    void shouldAppendTheProjectJvmFlagsBeforeTheUsersWhenBuildingOptions() throws Exception
    {
        final Options options = BenchMain.withJvmFlags(
            new CommandLineOptions("DecodeToKernel", "-prof", "gc", "-jvmArgsAppend", "-Xmx1g"));

        final List<String> expected = new ArrayList<>(JvmFlags.flags());
        expected.add("-Dagrona.disable.bounds.checks=true");
        expected.add("-Xmx1g");
        assertThat(options.getJvmArgsAppend().get()).containsExactlyElementsOf(expected);
        assertThat(JvmFlags.flags()).contains("-Dchronicle.analytics.disable=true");
        assertThat(options.getIncludes()).containsExactly("DecodeToKernel");
        assertThat(options.getProfilers()).hasSize(1);
    }
}
