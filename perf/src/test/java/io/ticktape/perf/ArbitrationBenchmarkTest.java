package io.ticktape.perf;

import io.ticktape.perf.ArbitrationBenchmark.ArbitrationState;
import io.ticktape.perf.ArbitrationBenchmark.Scenario;
import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ArbitrationBenchmarkTest
{
    private static final int LAPS = 3;

    private final ArbitrationBenchmark benchmark = new ArbitrationBenchmark();

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldScheduleEveryFrameOncePerLineWhenBuildingAScenario(final Scenario scenario)
    {
        final int frames = 64;
        final int[] schedule = ArbitrationBenchmark.schedule(scenario, frames);
        final int lines = Scenario.oneLine == scenario ? 1 : 2;
        assertThat(schedule).hasSize(lines * frames);
        final int[] seen = new int[frames];
        for (final int frame : schedule)
        {
            seen[frame]++;
        }
        assertThat(seen).containsOnly(lines);
        if (Scenario.abReorder == scenario)
        {
            assertThat(Arrays.copyOf(schedule, 8)).containsExactly(1, 2, 0, 3, 4, 0, 5, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldPassEveryPacketOnceInOrderWithoutGapsWhenTheTapeLaps(final Scenario scenario)
    {
        final ArbitrationState state = new ArbitrationState();
        state.scenario = scenario;
        state.setUp();
        final int arrivalsPerLap = state.schedule.length;
        final int extra = 10;

        long bytes = 0;
        for (int i = 0; i < LAPS * arrivalsPerLap + extra; i++)
        {
            bytes = benchmark.arbitrated(state);
        }

        final long lapFrames = ArbitrationBenchmark.FRAMES;
        final Counters counters = state.counters;
        final String prefix = "arbiter." + ArbitrationBenchmark.CHANNEL_ID;
        final long passed = counters.value(prefix + ".passed");
        final long expectedDuplicates = Scenario.oneLine == scenario ? 0 : LAPS * lapFrames;
        final long expectedReordered = Scenario.abReorder == scenario ?
            LAPS * 2 * lapFrames / ArbitrationBenchmark.REORDER_GROUP : 0;

        assertThat(state.decoder.outOfOrder).isZero();
        assertThat(state.decoder.packets).isEqualTo(passed);
        assertThat(passed).isBetween(1 + LAPS * lapFrames, 1 + LAPS * lapFrames + extra);
        assertThat(counters.value(prefix + ".packets")).isEqualTo(1L + LAPS * arrivalsPerLap + extra);
        assertThat(counters.value(prefix + ".duplicates")).isBetween(expectedDuplicates, expectedDuplicates + extra);
        assertThat(counters.value(prefix + ".reordered")).isBetween(expectedReordered, expectedReordered + 2);
        assertThat(counters.value(prefix + ".gaps")).isZero();
        assertThat(state.listener.gaps + state.listener.resets + state.listener.statusChanges).isZero();
        assertThat(state.decoder.lastLineSeq).isEqualTo(passed);
        assertThat(bytes).isEqualTo(state.decoder.bytes).isPositive();
    }

    @Test
    void shouldFeedTheRawDecoderEveryFrameInOrderWhenTheTapeLaps()
    {
        final ArbitrationBenchmark.RawState state = new ArbitrationBenchmark.RawState();
        state.setUp();

        for (int i = 0; i < LAPS * ArbitrationBenchmark.FRAMES; i++)
        {
            benchmark.raw(state);
        }

        assertThat(state.decoder.outOfOrder).isZero();
        assertThat(state.decoder.packets).isEqualTo(1L + LAPS * ArbitrationBenchmark.FRAMES);
        assertThat(state.decoder.lastLineSeq).isEqualTo(1L + LAPS * ArbitrationBenchmark.FRAMES);
    }
}
