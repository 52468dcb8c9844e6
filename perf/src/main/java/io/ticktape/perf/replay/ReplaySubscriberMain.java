package io.ticktape.perf.replay;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ticktape.client.Streams;
import org.agrona.concurrent.BusySpinIdleStrategy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The subscriber process of {@link ReplayThroughput}, one for all its rounds: per round, reads the replay stream until
 * it has the expected number of ticks, checks that their global sequence numbers are dense (nothing lost, nothing
 * twice), and prints one line:
 * {@code received N first_ns F last_ns L gaps G cpu_ns C faults P empty_polls E}, C being its polling
 * thread's CPU time from the first tick to the last, P its minor page faults and E its polls that found nothing new
 * after the first tick (many: the replayer is the slower side). Its own process, as a trading system's would be, and
 * warm after the first round, as a trading system's would be too.
 */
public final class ReplaySubscriberMain
{
    private ReplaySubscriberMain()
    {
    }

    /**
     * @param args aeron directory, expected ticks per round, whether to pre-touch the mapped log (true or false),
     *             rounds.
     */
    public static void main(final String[] args)
    {
        final String aeronDir = args[0];
        final long expected = Long.parseLong(args[1]);
        final boolean preTouch = Boolean.parseBoolean(args[2]);
        final int rounds = Integer.parseInt(args[3]);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long[] state = new long[6]; // count, firstNs, lastNs, nextSeq, gaps, cpuNs at the first
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            final long seq = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            if (0 == state[0])
            {
                state[1] = System.nanoTime();
                state[3] = seq;
                state[5] = threads.getCurrentThreadCpuTime();
            }
            if (seq != state[3])
            {
                state[4]++;
            }
            state[3] = seq + 1;
            state[0]++;
        };
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
                .preTouchMappedMemory(preTouch));
            Subscription subscription = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID))
        {
            System.out.println("ready");
            System.out.flush();
            final BusySpinIdleStrategy idle = new BusySpinIdleStrategy();
            for (int round = 1; round <= rounds; round++)
            {
                // Each round is a new publication, so a new image: every tick of it once, in order.
                Arrays.fill(state, 0);
                final long faultsBefore = PageFaults.minorOfThisThread();
                long emptyPolls = 0;
                while (state[0] < expected)
                {
                    final int fragments = subscription.poll(handler, 4096);
                    if (0 == fragments && state[0] > 0)
                    {
                        emptyPolls++;
                    }
                    idle.idle(fragments);
                }
                state[2] = System.nanoTime();
                state[5] = threads.getCurrentThreadCpuTime() - state[5];
                System.out.println("received " + state[0] + " first_ns " + state[1] + " last_ns " + state[2] +
                    " gaps " + state[4] + " cpu_ns " + state[5] + " faults " +
                    (PageFaults.minorOfThisThread() - faultsBefore) + " empty_polls " + emptyPolls);
                System.out.flush();
            }
        }
    }
}
