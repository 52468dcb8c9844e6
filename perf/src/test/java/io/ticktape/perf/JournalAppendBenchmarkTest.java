package io.ticktape.perf;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.TickType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class JournalAppendBenchmarkTest
{
    @Test
    void shouldJournalEveryTickAndDeleteTheQueueWhenTornDown() throws Exception
    {
        final JournalAppendBenchmark benchmark = new JournalAppendBenchmark();
        final JournalAppendBenchmark.JournalState state = new JournalAppendBenchmark.JournalState();
        state.setUpTrial();
        final Path root = state.root;
        assertThat(state.ticks.tick(0).type).isIn(TickType.TRADE, TickType.QUOTE);

        state.openJournal();
        final int ticks = 2 * state.ticks.size() + 10;
        long lastSeq = 0;
        for (int i = 0; i < ticks; i++)
        {
            lastSeq = benchmark.append(state);
        }
        assertThat(lastSeq).isEqualTo(ticks);
        final Counters counters = state.counters;
        state.closeJournal();

        assertThat(counters.value("journal.ticks")).isEqualTo(ticks);
        assertThat(counters.value("journal.last_global_seq")).isEqualTo(ticks);
        try (Stream<Path> left = Files.list(root))
        {
            assertThat(left).isEmpty();
        }

        state.tearDownTrial();
        assertThat(root).doesNotExist();
    }
}
