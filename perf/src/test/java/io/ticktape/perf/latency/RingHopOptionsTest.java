package io.ticktape.perf.latency;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingHopOptionsTest
{
    @Test
    void shouldUseTheDefaultsWhenNoOptionIsGiven()
    {
        final RingHopOptions options = RingHopOptions.parse();

        assertThat(options.rate).isEqualTo(1_000_000);
        assertThat(options.durationNs).isEqualTo(TimeUnit.SECONDS.toNanos(10));
        assertThat(options.warmupNs).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        assertThat(options.wait).isEqualTo("yielding");
        assertThat(options.producerCpu).isEqualTo(-1);
        assertThat(options.consumerCpu).isEqualTo(-1);
        assertThat(options.hlog).isNull();
        assertThat(options.ringSize).isEqualTo(65_536);
        assertThat(options.warmupEvents()).isEqualTo(2_000_000);
        assertThat(options.totalEvents()).isEqualTo(12_000_000);
        assertThat(options.help).isFalse();
    }

    @Test
    void shouldReadEveryOptionWhenGivenAsSeparateOrJoinedValues()
    {
        final RingHopOptions options = RingHopOptions.parse("--rate", "250_000", "--duration=1500ms",
            "--warmup", "0s", "--wait", "busy-spin", "--cpus", "2, 3", "--hlog", "out/run.hlog", "--ring-size=1024");

        assertThat(options.rate).isEqualTo(250_000);
        assertThat(options.durationNs).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
        assertThat(options.warmupNs).isZero();
        assertThat(options.wait).isEqualTo("busy-spin");
        assertThat(options.producerCpu).isEqualTo(2);
        assertThat(options.consumerCpu).isEqualTo(3);
        assertThat(options.hlog).isEqualTo(Path.of("out/run.hlog"));
        assertThat(options.ringSize).isEqualTo(1024);
        assertThat(options.warmupEvents()).isZero();
        assertThat(options.totalEvents()).isEqualTo(375_000);
        assertThat(options.cpusText()).isEqualTo("producer 2, consumer 3");
    }

    @Test
    void shouldCountEventsExactlyWhenTheRateDoesNotDivideASecond()
    {
        assertThat(RingHopOptions.events(3, TimeUnit.MILLISECONDS.toNanos(2500))).isEqualTo(7);
        assertThat(RingHopOptions.events(1_000_000_000, TimeUnit.MINUTES.toNanos(10))).isEqualTo(600_000_000_000L);
    }

    @Test
    void shouldRejectBadArgumentsWithOneLineNamingThem()
    {
        assertRejected("--rate must be a positive whole number: 0", "--rate", "0");
        assertRejected("--rate must be a positive whole number: lots", "--rate", "lots");
        assertRejected("--rate at most 1000000000 events/s: 2000000000", "--rate", "2000000000");
        assertRejected("--duration: invalid duration '10': expected a number and a unit", "--duration", "10");
        assertRejected("--duration must be positive", "--duration", "0s");
        assertRejected("--duration too short for one event at --rate 1", "--rate", "1", "--duration", "10ms");
        assertRejected("unknown wait strategy 'spin'", "--wait", "spin");
        assertRejected("--cpus takes two cpus, producer and consumer", "--cpus", "1");
        assertRejected("--cpus must name two different cpus: 1,1", "--cpus", "1,1");
        assertRejected("--cpus: not a cpu number 'x' in 1,x", "--cpus", "1,x");
        assertRejected("--cpus: not a cpu number '-1' in -1,2", "--cpus", "-1,2");
        assertRejected("--ring-size must be a power of two", "--ring-size", "1000");
        assertRejected("unknown option '--speed'", "--speed", "1");
        assertRejected("unexpected argument 'fast'", "fast");
        assertRejected("--warmup needs a value", "--warmup");
    }

    @Test
    void shouldRefuseBusySpinWhenThereAreMoreSpinningThreadsThanCores()
    {
        final RingHopOptions busy = RingHopOptions.parse("--wait", "busy-spin");
        final RingHopOptions yielding = RingHopOptions.parse("--wait", "yielding");

        assertThat(busy.spinningThreads()).isEqualTo(2);
        assertThat(busy.refusal(1)).contains("needs 2 spinning threads").contains("only 1 core(s)");
        assertThat(busy.refusal(2)).isNull();
        assertThat(yielding.spinningThreads()).isEqualTo(1);
        assertThat(yielding.refusal(1)).isNull();
    }

    @Test
    void shouldAskForHelpWhenGivenHelp()
    {
        assertThat(RingHopOptions.parse("--help").help).isTrue();
        assertThat(RingHopOptions.parse("-h").help).isTrue();
    }

    @Test
    void shouldNameOneHistogramLogPerHopWhenGivenAFile()
    {
        assertThat(RingHopLatency.hlogFile(Path.of("runs/a.hlog"), "abq")).isEqualTo(Path.of("runs/a.abq.hlog"));
        assertThat(RingHopLatency.hlogFile(Path.of("latency"), "disruptor")).isEqualTo(
            Path.of("latency.disruptor.hlog"));
    }

    private static void assertRejected(final String message, final String... args)
    {
        assertThatThrownBy(() -> RingHopOptions.parse(args))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(message);
    }
}
