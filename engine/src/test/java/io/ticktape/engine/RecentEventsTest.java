package io.ticktape.engine;

import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEventsTest
{
    @Test
    void shouldDeliverEventsFromSeveralThreadsInEachThreadsOrder() throws Exception
    {
        final Counters counters = new Counters();
        final RecentEvents events = new RecentEvents(1 << 20, counters.newCounter("events.dropped"));
        final Thread gaps = new Thread(() ->
        {
            for (int i = 0; i < 1000; i++)
            {
                events.offer(RecentEvents.GAP, i, 7, i * 10L, 3);
            }
        });
        final Thread alerts = new Thread(() ->
        {
            for (int i = 0; i < 1000; i++)
            {
                events.offer(i, "price spike " + i + " on ESZ6");
            }
        });
        gaps.start();
        alerts.start();
        gaps.join();
        alerts.join();

        final List<String> gapLines = new ArrayList<>();
        final List<String> alertLines = new ArrayList<>();
        events.drain((kind, timeNs, a, b, c, text) ->
        {
            if (kind == RecentEvents.GAP)
            {
                gapLines.add(RecentEvents.describe(kind, a, b, c, text));
            }
            else
            {
                assertThat(kind).isEqualTo(RecentEvents.ALERT);
                assertThat(RecentEvents.kindName(kind)).isEqualTo("alert");
                alertLines.add(text);
            }
        }, Integer.MAX_VALUE);

        assertThat(gapLines).hasSize(1000);
        assertThat(gapLines.get(999)).isEqualTo("gap on channel 7: 3 missing from line seq 9990");
        assertThat(alertLines).hasSize(1000);
        for (int i = 0; i < 1000; i++)
        {
            assertThat(alertLines.get(i)).isEqualTo("price spike " + i + " on ESZ6");
        }
        assertThat(counters.value("events.dropped")).isZero();
    }

    @Test
    void shouldDropAndCountWhenFullAndCleanUnprintableText()
    {
        final Counters counters = new Counters();
        final RecentEvents events = new RecentEvents(1024, counters.newCounter("events.dropped"));
        int offered = 0;
        while (events.offer(RecentEvents.NOTE, 0, 0, "x\u00e9\n"))
        {
            offered++;
        }
        assertThat(offered).isPositive();
        assertThat(counters.value("events.dropped")).isEqualTo(1);
        final List<String> texts = new ArrayList<>();
        events.drain((kind, timeNs, a, b, c, text) -> texts.add(text), Integer.MAX_VALUE);
        assertThat(texts).hasSize(offered).allMatch("x??"::equals);
        assertThat(events.offer(RecentEvents.NOTE, 0, 0, "again")).isTrue();
    }

    @Test
    void shouldKeepNothingUntilAReaderComesWhenNoneWasExpected()
    {
        final Counters counters = new Counters();
        final RecentEvents events = new RecentEvents(1024, counters.newCounter("events.dropped"), false);
        for (int i = 0; i < 1000; i++)
        {
            assertThat(events.offer(RecentEvents.GAP, i, 1, i, 1)).isFalse();
        }
        assertThat(counters.value("events.dropped")).isZero();
        final List<String> texts = new ArrayList<>();
        assertThat(events.drain((kind, timeNs, a, b, c, text) -> texts.add(text), 10)).isZero();
        assertThat(events.offer(5, "now kept")).isTrue();
        events.drain((kind, timeNs, a, b, c, text) -> texts.add(text), 10);
        assertThat(texts).containsExactly("now kept");
    }
}
