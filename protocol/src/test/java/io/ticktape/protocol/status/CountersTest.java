package io.ticktape.protocol.status;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CountersTest
{
    @Test
    void shouldSnapshotEveryCounterInAllocationOrderWhenValuesChange()
    {
        final Counters counters = new Counters();
        final AtomicCounter zebra = counters.newCounter("z.zebra");
        final AtomicCounter apple = counters.newCounter("a.apple");
        final AtomicCounter mango = counters.newCounter("m.mango");
        zebra.increment();
        zebra.increment();
        apple.set(-5);
        mango.getAndAdd(1L << 40);

        final Map<String, Long> snapshot = counters.snapshot();

        assertThat(snapshot).containsExactly(
            entry("z.zebra", 2L), entry("a.apple", -5L), entry("m.mango", 1L << 40));
        assertThat(counters.value("a.apple")).isEqualTo(-5);
        assertThat(counters.value("m.mango")).isEqualTo(1L << 40);
    }

    @Test
    void shouldReturnZeroWhenLabelUnknown()
    {
        final Counters counters = new Counters();
        counters.newCounter("known").set(9);
        assertThat(counters.value("unknown")).isZero();
        assertThat(counters.value("known")).isEqualTo(9);
    }

    @Test
    void shouldStartAtZeroAndBeEmptyWhenNew()
    {
        final Counters counters = new Counters();
        assertThat(counters.snapshot()).isEmpty();
        counters.newCounter("fresh");
        assertThat(counters.snapshot()).containsExactly(entry("fresh", 0L));
    }

    @Test
    void shouldKeepCountersSeparateWhenTwoInstances()
    {
        final Counters first = new Counters();
        final Counters second = new Counters();
        first.newCounter("x").set(1);
        second.newCounter("x").set(2);
        assertThat(first.value("x")).isEqualTo(1);
        assertThat(second.value("x")).isEqualTo(2);
    }

    @Test
    void shouldNotListCounterWhenClosed()
    {
        final Counters counters = new Counters();
        final AtomicCounter gone = counters.newCounter("gone");
        counters.newCounter("kept").set(3);
        gone.close();
        assertThat(counters.snapshot()).containsExactly(entry("kept", 3L));
    }
}
