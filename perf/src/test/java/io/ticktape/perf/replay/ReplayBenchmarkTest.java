package io.ticktape.perf.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayBenchmarkTest
{
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldReplayEveryTickOnceAndInOrderOnEveryInvocationAndCleanUp() throws Exception
    {
        final ReplayBenchmark benchmark = new ReplayBenchmark();
        final ReplayBenchmark.ReplayState state = new ReplayBenchmark.ReplayState();
        state.setUp();
        try
        {
            final long ticks = ReplayBenchmark.TICKS;
            final long sumOfSeqs = ticks * (ticks + 1) / 2; // the journal's global sequence numbers are 1..N
            for (int invocation = 1; invocation <= 2; invocation++)
            {
                state.checksum = 0;
                assertThat(benchmark.replay(state)).isEqualTo(ticks);
                assertThat(state.checksum).as("invocation %d", invocation).isEqualTo(sumOfSeqs);
            }
            assertThat(benchmark.readLoop(state)).isEqualTo(ticks);
        }
        finally
        {
            state.tearDown();
        }
        assertThat(state.dir).doesNotExist();
    }
}
