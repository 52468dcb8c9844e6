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
}
