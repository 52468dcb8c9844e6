package io.ticktape.engine;

import io.aeron.Aeron;
import io.ticktape.protocol.sbe.AnomalyKind;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On real parts (simulator, sequencer, ring, kernel, journal, Aeron): once the feed falls silent, the feed thread's
 * timer ticks carry the kernel's clock on, so every instrument's last 1 s bar closes and every instrument is reported
 * stale, with no further trade anywhere; the timers are journaled (apart from the ticks) but not published as ticks.
 */
class TimerBarCloseTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldCloseLastBarsAndReportStaleWhenFeedFallsSilent() throws Exception
    {
        final Collector collector = new Collector();
        try (EngineUnderTest harness = new EngineUnderTest(dir, dir.resolve("data"), collector))
        {
            final EngineConfig config = harness.config;
            config.simulator.instruments = 4;
            config.simulator.rate = 2_000;
            config.simulator.paced = true;
            config.simulator.maxMessages = 2_000;
            config.timerInterval = "20ms";
            config.timerGrace = "50ms";
            config.kernel.staleBudget = "1s";

            final TicktapeEngine engine = TicktapeEngine.launch(config);
            try
            {
                Await.until(() -> engine.feedDone() && collector.allLastBarsClosed() && collector.allStale(), 1,
                    TimeUnit.MINUTES);
                assertThat(engine.feedDone()).isTrue();
                // Still running: what closed the bars was the timer, not the shutdown.
                assertThat(collector.allLastBarsClosed()).as("last bars %s, closed %s", collector.lastTradeNs,
                    collector.closedBars).isTrue();
                assertThat(collector.allStale()).as("stale %s", collector.stale).isTrue();
                final Map<String, Long> counters = engine.counters().snapshot();
                assertThat(counters.get("sequencer.timers")).isPositive();
                assertThat(counters.get("kernel.timers")).isPositive();
                assertThat(counters.get("journal.ticks")).isEqualTo(counters.get("sequencer.ticks"));
                assertThat(counters.get("journal.timers")).isPositive();
                assertThat(counters.get("publisher.ticks.published")).isEqualTo(counters.get("sequencer.ticks"));
                assertThat(counters.get("kernel.late_trades")).isZero();
            }
            finally
            {
                engine.close();
            }
        }
    }

    private static final class Collector extends PollingCollector
    {
        final Map<Integer, Long> lastTradeNs = new ConcurrentHashMap<>();
        final Set<String> closedBars = ConcurrentHashMap.newKeySet();
        final Set<Integer> stale = ConcurrentHashMap.newKeySet();

        @Override
        public void onTrade(final TradeTickDecoder m)
        {
            lastTradeNs.put((int)m.instrumentId(), m.exchangeTimeNs());
        }

        @Override
        public void onBar(final BarDecoder m)
        {
            if (m.intervalNs() == SECOND && m.closed() == BooleanType.TRUE)
            {
                closedBars.add(m.instrumentId() + "@" + m.openTimeNs());
            }
        }

        @Override
        public void onAnomaly(final AnomalyScoreDecoder m)
        {
            if (m.kind() == AnomalyKind.STALE)
            {
                stale.add((int)m.instrumentId());
            }
        }

        boolean allLastBarsClosed()
        {
            if (lastTradeNs.isEmpty())
            {
                return false;
            }
            for (final Map.Entry<Integer, Long> entry : lastTradeNs.entrySet())
            {
                final long open = Math.floorDiv(entry.getValue(), SECOND) * SECOND;
                if (!closedBars.contains(entry.getKey() + "@" + open))
                {
                    return false;
                }
            }
            return true;
        }

        boolean allStale()
        {
            return !lastTradeNs.isEmpty() && stale.containsAll(lastTradeNs.keySet());
        }
    }
}
