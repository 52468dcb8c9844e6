package io.ticktape.sequencer.arbitration;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any pair of lines made from one sequence by independent drops, duplicates and reorders within the window, the
 * arbitrator passes on every number that reached at least one line, exactly once, in order, and the gaps it declares
 * are exactly the numbers that reached neither line.
 */
class LineArbitratorPropertyTest
{
    private static final int WINDOW_PACKETS = 64;
    private static final long WINDOW_NS = 1_000_000;
    private static final long SPACING_NS = 100_000;

    record Scenario(int count, double dropA, double dropB, double duplicate, long jitterNs, long seed)
    {
    }

    record Arrival(long timeNs, long lineSeq, char line)
    {
    }

    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return Combinators.combine(
            Arbitraries.integers().between(1, 2_000),
            Arbitraries.doubles().between(0, 0.6),
            Arbitraries.doubles().between(0, 0.6),
            Arbitraries.doubles().between(0, 0.3),
            // Jitter up to the window: a copy can be overtaken by up to 10 later numbers, and never arrives after
            // the window has given up on it.
            Arbitraries.longs().between(0, WINDOW_NS),
            Arbitraries.longs()).as(Scenario::new);
    }

    @Property(tries = 300)
    void shouldPassEveryNumberOnEitherLineOnceInOrderAndReportExactlyTheLostOnes(
        @ForAll("scenarios") final Scenario scenario)
    {
        final Random random = new Random(scenario.seed());
        final List<Arrival> arrivals = new ArrayList<>();
        final TreeSet<Long> onSomeLine = new TreeSet<>();
        // The stream starts with number 1 on line A: the first packet seen starts the channel.
        arrivals.add(new Arrival(0, 1, 'A'));
        onSomeLine.add(1L);
        for (long seq = 2; seq <= scenario.count(); seq++)
        {
            for (final char line : new char[]{ 'A', 'B' })
            {
                final double drop = line == 'A' ? scenario.dropA() : scenario.dropB();
                if (random.nextDouble() < drop)
                {
                    continue;
                }
                onSomeLine.add(seq);
                final int copies = random.nextDouble() < scenario.duplicate() ? 2 : 1;
                for (int c = 0; c < copies; c++)
                {
                    final long jitter = scenario.jitterNs() == 0 ? 0 : (long)(random.nextDouble() * scenario.jitterNs());
                    arrivals.add(new Arrival(seq * SPACING_NS + jitter, seq, line));
                }
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::timeNs).thenComparingLong(Arrival::lineSeq));

        final List<Long> passed = new ArrayList<>();
        final TreeSet<Long> declared = new TreeSet<>();
        final ChannelListener listener = new ChannelListener()
        {
            @Override
            public void onGap(final int channelId, final long from, final long to, final long detectedNs)
            {
                for (long seq = from; seq <= to; seq++)
                {
                    assertThat(declared.add(seq)).as("gap %d declared twice", seq).isTrue();
                }
            }

            @Override
            public void onChannelStatus(final int channelId, final boolean stale, final long last, final long silentNs)
            {
            }
        };
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[8]);
        final PacketDecoder decoder = (buffer, offset, length, receiveNs, channelId) ->
        {
            passed.add(buffer.getLong(offset));
            return 1;
        };
        final LineArbitrator arbitrator =
            new LineArbitrator(9, WINDOW_PACKETS, WINDOW_NS, 0, 8, listener, new Counters());
        for (final Arrival arrival : arrivals)
        {
            arbitrator.onTimer(arrival.timeNs(), decoder);
            packet.putLong(0, arrival.lineSeq());
            arbitrator.onPacket(packet, 0, 8, arrival.lineSeq(), arrival.timeNs(), decoder);
        }
        arbitrator.onTimer(Long.MAX_VALUE / 2, decoder);

        assertThat(passed).containsExactlyElementsOf(onSomeLine);
        final TreeSet<Long> lost = new TreeSet<>();
        for (long seq = 1; seq <= onSomeLine.last(); seq++)
        {
            if (!onSomeLine.contains(seq))
            {
                lost.add(seq);
            }
        }
        assertThat(declared).containsExactlyElementsOf(lost);
    }
}
