package io.ticktape.alerts;

import io.ticktape.protocol.tick.Tick;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ticktape.alerts.Ticks.MS;
import static io.ticktape.alerts.Ticks.START_NS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of trigger through a real kernel: the alert is raised on the very tick that causes it, and clears as
 * configured.
 */
class AlertScenariosTest
{
    private final Ticks ticks = new Ticks();

    @Test
    void shouldRaisePriceJumpOnTheJumpTickAndClearWhenTheWindowForgetsIt()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [
              { name: jump, symbols: "AA*", metric: priceMovePct, window: 1s, raiseAbove: 2.0, clearBelow: 1.0,
                severity: CRITICAL },
              { name: other, symbols: "MSFT", metric: priceMovePct, window: 1s, raiseAbove: 2.0 }
            ]
            """);
        harness.feed(ticks.instrument(1, "AAPL", -2));
        long t = START_NS;
        for (int i = 0; i < 100; i++)
        {
            t += 10 * MS;
            harness.feed(ticks.trade(1, t, 10_000 + (i % 2), 5));
        }
        assertThat(harness.alerts).isEmpty();

        t += 10 * MS;
        final Tick jump = ticks.trade(1, t, 10_300, 5);
        harness.feed(jump);
        assertThat(harness.alerts).hasSize(1);
        final AlertHarness.Alert raised = harness.alerts.get(0);
        assertThat(raised.state()).isEqualTo("RAISED");
        assertThat(raised.rule()).isEqualTo("jump");
        assertThat(raised.seq()).isEqualTo(jump.globalSeq);
        assertThat(raised.timeNs()).isEqualTo(t);
        assertThat(raised.id()).isEqualTo(jump.globalSeq * AlertEvaluator.IDS_PER_TICK);
        assertThat(raised.value()).isGreaterThanOrEqualTo(2.0);

        for (int i = 0; i < 200; i++)
        {
            t += 10 * MS;
            harness.feed(ticks.trade(1, t, 10_300, 5));
        }
        // The kernel's own window statistics name the first trade whose 1 s range is below 1 %.
        final long expectedClearSeq = harness.firstWindowStats.stream()
            .filter(s -> (long)s[0] > jump.globalSeq && 100.0 * (s[2] - s[1]) / Math.abs(s[3]) < 1.0)
            .mapToLong(s -> (long)s[0]).findFirst().orElseThrow();
        final List<AlertHarness.Alert> cleared = harness.alerts("CLEARED");
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).seq()).isEqualTo(expectedClearSeq);
        assertThat(cleared.get(0).id()).isEqualTo(raised.id());
        assertThat(cleared.get(0).raisedSeq()).isEqualTo(jump.globalSeq);
        assertThat(cleared.get(0).suppressed()).isPositive();
        assertThat(harness.alerts).hasSize(2);
    }

    @Test
    void shouldRaiseCrossedQuoteOnItsTickAndClearOnTheNextNormalQuote()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [ { name: crossed, metric: crossedQuote, severity: CRITICAL } ]
            """);
        harness.feed(ticks.instrument(7, "ESZ6", -2));
        long t = START_NS;
        for (int i = 0; i < 10; i++)
        {
            harness.feed(ticks.quote(7, t += MS, 500_000, 500_025));
        }
        final Tick crossed = ticks.quote(7, t += MS, 500_050, 500_025);
        harness.feed(crossed);
        harness.feed(ticks.quote(7, t += MS, 500_060, 500_025));
        final Tick normal = ticks.quote(7, t += MS, 500_000, 500_025);
        harness.feed(normal);

        assertThat(harness.alerts).extracting(AlertHarness.Alert::state, AlertHarness.Alert::seq)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("RAISED", crossed.globalSeq),
                org.assertj.core.groups.Tuple.tuple("CLEARED", normal.globalSeq));
        assertThat(harness.alerts.get(1).suppressed()).isEqualTo(1);
        assertThat(harness.alerts.get(0).subjectId()).isEqualTo(7);
    }

    @Test
    void shouldRaiseStaleInstrumentOnTheTickThatRevealsTheSilenceAndClearOnItsNextTrade()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [ { name: stale, metric: staleInstrument, symbols: "CLF7" } ]
            """);
        harness.feed(ticks.instrument(1, "ESZ6", -2));
        harness.feed(ticks.instrument(2, "CLF7", -2));
        long t = START_NS;
        harness.feed(ticks.trade(2, t, 7_000, 1));
        for (int i = 0; i < 700; i++)
        {
            harness.feed(ticks.trade(1, t += 10 * MS, 500_000, 1));
        }
        assertThat(harness.staleScores).isNotEmpty();
        final long staleSeq = harness.staleScores.stream().filter(s -> s[1] == 2).findFirst().orElseThrow()[0];
        final Tick back = ticks.trade(2, t += MS, 7_001, 1);
        harness.feed(back);

        assertThat(harness.alerts).extracting(AlertHarness.Alert::state, AlertHarness.Alert::seq,
            AlertHarness.Alert::subjectId)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("RAISED", staleSeq, 2L),
                org.assertj.core.groups.Tuple.tuple("CLEARED", back.globalSeq, 2L));
    }

    @Test
    void shouldRaiseFeedGapOnTheGapTickAndClearAfterTheQuietTime()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [ { name: gap, metric: feedGap, severity: CRITICAL, clearAfter: 1s } ]
            """);
        harness.feed(ticks.instrument(1, "ESZ6", -2));
        long t = START_NS;
        harness.feed(ticks.trade(1, t, 500_000, 1));
        final Tick gap = ticks.gap(1, 100, 104);
        harness.feed(gap);
        assertThat(harness.alerts).hasSize(1);
        assertThat(harness.alerts.get(0).seq()).isEqualTo(gap.globalSeq);
        assertThat(harness.alerts.get(0).value()).isEqualTo(5.0);
        assertThat(harness.alerts.get(0).metric()).isEqualTo("FEED_GAP");

        Tick clearing = null;
        for (int i = 0; i < 150 && harness.alerts.size() < 2; i++)
        {
            clearing = ticks.trade(1, t += 10 * MS, 500_000, 1);
            harness.feed(clearing);
        }
        assertThat(harness.alerts).hasSize(2);
        assertThat(harness.alerts.get(1).state()).isEqualTo("CLEARED");
        // Quiet for clearAfter in tick time: the first trade at or after gap time + 1 s (the gap took its time
        // from the trade before it).
        assertThat(clearing.exchangeTimeNs).isEqualTo(START_NS + 1000 * MS);
        assertThat(harness.alerts.get(1).seq()).isEqualTo(clearing.globalSeq);
    }

    @Test
    void shouldRaiseStaleChannelUntilItIsActiveAgain()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [ { name: channel, metric: staleChannel } ]
            """);
        final Tick stale = ticks.channelStatus(3, true);
        harness.feed(stale);
        final Tick active = ticks.channelStatus(3, false);
        harness.feed(active);
        assertThat(harness.alerts).extracting(AlertHarness.Alert::state, AlertHarness.Alert::seq)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("RAISED", stale.globalSeq),
                org.assertj.core.groups.Tuple.tuple("CLEARED", active.globalSeq));
    }

    @Test
    void shouldRaiseOnceWhileAValueOscillatesAroundTheThreshold()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [ { name: wide, metric: spreadBps, raiseAbove: 50, clearBelow: 30, cooldown: 1s } ]
            """);
        harness.feed(ticks.instrument(1, "AAPL", -2));
        long t = START_NS;
        // mid 10000: a spread of 49 is 49 bps, 51 is 51 bps.
        for (int i = 0; i < 100; i++)
        {
            final long spread = i % 2 == 0 ? 51 : 49;
            harness.feed(ticks.quote(1, t += MS, 10_000 - spread / 2, 10_000 - spread / 2 + spread));
        }
        assertThat(harness.alerts("RAISED")).hasSize(1);
        assertThat(harness.alerts("CLEARED")).isEmpty();
        harness.feed(ticks.quote(1, t += MS, 9_990, 10_010));
        assertThat(harness.alerts("CLEARED")).hasSize(1);
        // Within the cooldown a new breach raises nothing; after it, it does.
        harness.feed(ticks.quote(1, t += 500 * MS, 9_950, 10_050));
        assertThat(harness.alerts("RAISED")).hasSize(1);
        final Tick after = ticks.quote(1, t += 600 * MS, 9_950, 10_050);
        harness.feed(after);
        assertThat(harness.alerts("RAISED")).hasSize(2);
        assertThat(harness.alerts.get(2).seq()).isEqualTo(after.globalSeq);
    }

    @Test
    void shouldWaitForTheMinimumDuration()
    {
        final AlertHarness harness = new AlertHarness("""
            rules: [ { name: wide, metric: spreadBps, raiseAbove: 50, minDuration: 100ms } ]
            """);
        harness.feed(ticks.instrument(1, "AAPL", -2));
        long t = START_NS;
        harness.feed(ticks.quote(1, t += MS, 9_950, 10_050));
        harness.feed(ticks.quote(1, t += 50 * MS, 9_950, 10_050));
        assertThat(harness.alerts).isEmpty();
        final Tick held = ticks.quote(1, t += 50 * MS, 9_950, 10_050);
        harness.feed(held);
        assertThat(harness.alerts).hasSize(1);
        assertThat(harness.alerts.get(0).seq()).isEqualTo(held.globalSeq);
    }
}
