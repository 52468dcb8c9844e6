package io.ticktape.perf;

import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecodeToKernelBenchmarkTest
{
    private static final int LAPS = 3;
    private static final int EXTRA_FRAMES = 5;

    private final DecodeToKernelBenchmark benchmark = new DecodeToKernelBenchmark();

    @Test
    void shouldSequenceEveryTickWithoutGapsOrLateTradesWhenTheTapeLaps()
    {
        final DecodeToKernelBenchmark.PipelineState state = new DecodeToKernelBenchmark.PipelineState();
        state.instruments = 16;
        state.setUp();
        final long ticksBefore = state.counters.value("kernel.ticks");
        assertThat(ticksBefore).isEqualTo(16);

        long bytes = 0;
        for (int i = 0; i < LAPS * DecodeToKernelBenchmark.FRAMES + EXTRA_FRAMES; i++)
        {
            bytes = benchmark.decodeToKernel(state);
        }

        final Counters counters = state.counters;
        final long ticks = counters.value("kernel.ticks") - ticksBefore;
        assertThat(ticks).isGreaterThan((long)LAPS * state.tape.messageCount());
        assertThat(ticks).isLessThanOrEqualTo((long)LAPS * state.tape.messageCount() + 4 * EXTRA_FRAMES);
        assertThat(counters.value("sequencer.ticks")).isEqualTo(counters.value("kernel.ticks"));
        assertThat(counters.value("sequencer.duplicate_frames")).isZero();
        assertThat(counters.value("sequencer.gaps")).isZero();
        assertThat(counters.value("kernel.late_trades")).isZero();
        assertThat(counters.value("kernel.invalid_trades")).isZero();
        assertThat(counters.value("kernel.ticks_before_definition")).isZero();
        assertThat(counters.value("kernel.trades")).isPositive();
        assertThat(bytes).isPositive().isEqualTo(state.sink.bytes);
    }

    @Test
    void shouldRunTheKernelOverEveryTickInOrderWhenTheTickTapeLaps()
    {
        final DecodeToKernelBenchmark.KernelState state = new DecodeToKernelBenchmark.KernelState();
        state.instruments = 16;
        state.setUp();
        final long lastSeqBefore = state.counters.value("kernel.last_global_seq");

        final int ticks = LAPS * state.ticks.size() + EXTRA_FRAMES;
        for (int i = 0; i < ticks; i++)
        {
            benchmark.kernelOnly(state);
        }

        final Counters counters = state.counters;
        assertThat(counters.value("kernel.last_global_seq")).isEqualTo(lastSeqBefore + ticks);
        assertThat(counters.value("kernel.late_trades")).isZero();
        assertThat(counters.value("kernel.invalid_trades")).isZero();
        assertThat(counters.value("kernel.ticks_before_definition")).isZero();
        final long vwapUpdatesAndBars = counters.value("kernel.trades") + counters.value("kernel.bars_closed");
        assertThat(state.sink.messages).isEqualTo(vwapUpdatesAndBars);
    }
}
