package io.ticktape.sequencer;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitStrategiesTest
{
    @Test
    void shouldCreateMatchingStrategyWhenNameIsKnown()
    {
        assertThat(WaitStrategies.of("busy-spin")).isExactlyInstanceOf(BusySpinWaitStrategy.class);
        assertThat(WaitStrategies.of("yielding")).isExactlyInstanceOf(YieldingWaitStrategy.class);
        assertThat(WaitStrategies.of("sleeping")).isExactlyInstanceOf(SleepingWaitStrategy.class);
        assertThat(WaitStrategies.of("blocking")).isExactlyInstanceOf(BlockingWaitStrategy.class);
    }

    @Test
    void shouldCreateEveryNameListedWhenNamesAreDocumented()
    {
        for (final String name : WaitStrategies.NAMES.split(",\\s*"))
        {
            assertThat(WaitStrategies.of(name)).as(name).isNotNull();
        }
    }

    @Test
    void shouldReturnNewInstanceWhenCalledTwice()
    {
        assertThat(WaitStrategies.of("blocking")).isNotSameAs(WaitStrategies.of("blocking"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "busy_spin", "BUSY-SPIN", "spin", "blocking ", "lite-blocking" })
    void shouldRejectWithListOfNamesWhenNameIsUnknown(final String name)
    {
        assertThatThrownBy(() -> WaitStrategies.of(name))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + name + "'")
            .hasMessageContaining(WaitStrategies.NAMES);
    }

    @Test
    void shouldSpinOnlyWhenBusySpin()
    {
        assertThat(WaitStrategies.spins("busy-spin")).isTrue();
        assertThat(WaitStrategies.spins("yielding")).isFalse();
        assertThat(WaitStrategies.spins("sleeping")).isFalse();
        assertThat(WaitStrategies.spins("blocking")).isFalse();
        assertThat(WaitStrategies.spins(null)).isFalse();
    }
}
