package io.ticktape.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEvaluationBenchmarkTest
{
    @Test
    void shouldRaiseAndClearAlertsWhileTheTapeLaps()
    {
        final AlertEvaluationBenchmark benchmark = new AlertEvaluationBenchmark();
        final AlertEvaluationBenchmark.AlertState state = new AlertEvaluationBenchmark.AlertState();
        state.instruments = 16;
        state.rules = "all";
        state.setUp();
        final long lastSeqBefore = state.counters.value("kernel.last_global_seq");
        final int ticks = 3 * state.ticks.size() + 5;
        for (int i = 0; i < ticks; i++)
        {
            benchmark.tick(state);
        }
        assertThat(state.evaluator.lastGlobalSeq()).isEqualTo(lastSeqBefore + ticks);
        assertThat(state.counters.value("kernel.late_trades")).isZero();
        assertThat(state.counters.value("alerts.raised")).isPositive();
        assertThat(state.counters.value("alerts.cleared")).isPositive();
        assertThat(state.output.alerts).isEqualTo(
            state.counters.value("alerts.raised") + state.counters.value("alerts.cleared"));
    }

    @Test
    void shouldEvaluateTheRecordedOutputsTickByTick()
    {
        final AlertEvaluationBenchmark benchmark = new AlertEvaluationBenchmark();
        final AlertEvaluationBenchmark.EvaluatorState state = new AlertEvaluationBenchmark.EvaluatorState();
        state.instruments = 16;
        state.rules = "all";
        state.setUp();
        assertThat(state.offsets.length).isGreaterThan(state.ticks.length);
        for (int i = 0; i < 2 * state.ticks.length; i++)
        {
            benchmark.evaluateOnly(state);
        }
        assertThat(state.evaluator.lastGlobalSeq()).isEqualTo(state.ticks[state.ticks.length - 1].globalSeq);
        assertThat(state.output.alerts).isPositive();
        long bytes = 0;
        for (final int length : state.lengths)
        {
            bytes += length;
        }
        assertThat(state.sink.bytes).isEqualTo(2 * bytes);
    }
}
