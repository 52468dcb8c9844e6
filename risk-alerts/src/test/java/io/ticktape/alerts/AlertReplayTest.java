package io.ticktape.alerts;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.ticktape.store.TickJournal;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static io.ticktape.alerts.Ticks.MS;
import static io.ticktape.alerts.Ticks.START_NS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live versus journal: ticks evaluated as they are made and journaled to a real Chronicle Queue, then read back from
 * the journal through a fresh kernel and the same rules, raise and clear the same alerts on the same ticks.
 */
class AlertReplayTest
{
    private static final String RULES = """
        rules: [
          { name: jump, metric: priceMovePct, window: 1s, raiseAbove: 1.0, clearBelow: 0.5, cooldown: 2s },
          { name: z, metric: returnZScore, raiseAbove: 6, clearBelow: 3 },
          { name: crossed, metric: crossedQuote },
          { name: wide, symbols: "S?M1", metric: spreadBps, raiseAbove: 40, clearBelow: 20, minDuration: 5ms },
          { name: stale, metric: staleInstrument },
          { name: vwap, metric: vwapDeviationBps, raiseAbove: 150, clearBelow: 100 },
          { name: gap, metric: feedGap, clearAfter: 500ms },
          { name: channel, metric: staleChannel }
        ]
        """;

    @TempDir
    Path dir;

    @Test
    void shouldReproduceTheSameAlertsFromTheJournal()
    {
        final AlertHarness live = new AlertHarness(RULES);
        final Counters counters = new Counters();
        try (TickJournal journal = new TickJournal(Journal.open(dir, "FAST_DAILY", false), SystemNanoClock.INSTANCE,
            counters))
        {
            generate(42, 60_000, tick ->
            {
                live.feed(tick);
                journal.append(tick, false);
            });
            journal.flush();
        }
        assertThat(live.alerts("RAISED")).hasSizeGreaterThan(10);
        assertThat(live.alerts("CLEARED")).hasSizeGreaterThan(10);
        assertThat(live.alerts).extracting(AlertHarness.Alert::metric).contains(
            "PRICE_MOVE_PCT", "CROSSED_QUOTE", "SPREAD_BPS", "STALE_INSTRUMENT", "FEED_GAP", "STALE_CHANNEL");

        final AlertHarness replayed = new AlertHarness(RULES);
        try (JournalReader reader = new JournalReader(Journal.open(dir, "FAST_DAILY", true)))
        {
            assertThat(reader.readAll(replayed::feed)).isEqualTo(60_000);
        }
        assertThat(replayed.alerts).containsExactlyElementsOf(live.alerts);
    }

    /**
     * A market with everything the rules watch: random walks, jumps, crossed and wide quotes, an instrument that goes
     * silent, gaps and channel status changes.
     */
    static void generate(final long seed, final int count, final java.util.function.Consumer<Tick> sink)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Ticks ticks = new Ticks();
        final int instruments = 6;
        final long[] mid = new long[instruments];
        for (int i = 0; i < instruments; i++)
        {
            sink.accept(ticks.instrument(i, "SIM" + i, -2));
            mid[i] = 10_000 + 1_000L * i;
        }
        long t = START_NS;
        for (int n = instruments; n < count; n++)
        {
            t += 1 + random.nextInt(2 * (int)MS);
            final double u = random.nextDouble();
            if (u < 0.0005)
            {
                sink.accept(ticks.gap(1, n * 10L, n * 10L + random.nextInt(5)));
                continue;
            }
            if (u < 0.0008)
            {
                sink.accept(ticks.channelStatus(2, random.nextBoolean()));
                continue;
            }
            // Instrument 5 is silent in the middle third.
            int i = random.nextInt(instruments);
            if (i == 5 && n > count / 3 && n < 2 * count / 3)
            {
                i = 0;
            }
            if (random.nextDouble() < 0.001)
            {
                mid[i] += (random.nextBoolean() ? 1 : -1) * mid[i] / 40; // a 2.5 % jump
            }
            mid[i] += random.nextInt(3) - 1;
            if (random.nextDouble() < 0.4)
            {
                sink.accept(ticks.trade(i, t, mid[i] + (random.nextBoolean() ? 1 : -1), 1 + random.nextInt(20)));
            }
            else
            {
                final double q = random.nextDouble();
                final long half = q < 0.003 ? -2 : (q < 0.01 ? 30 : 1);
                sink.accept(ticks.quote(i, t, mid[i] - half, mid[i] + half));
            }
        }
    }
}
