package io.ticktape.perf;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The highest sustainable rate of one variant: short measured runs, the rate doubling from {@value #START_RATE} while
 * it holds (or halving until one does), then two bisections between the last rate that held and the first that did
 * not. A rate holds when every tick reached every consumer and every stage's p99 stayed within {@code --slo}.
 */
final class RateSearch
{
    private static final long START_RATE = 125_000;
    private static final long MIN_RATE = 1_000;

    private final LatencyOptions options;

    RateSearch(final LatencyOptions options)
    {
        this.options = options;
    }

    /** Runs one step at a rate. */
    @FunctionalInterface
    interface Step
    {
        PipelineLatency.Run run(long rate) throws IOException, InterruptedException;
    }

    /**
     * @param out  for each step's outcome.
     * @param name of the variant.
     * @param step runs one short measured run at a rate.
     * @return the highest rate that held, 0 if none did.
     * @throws IOException          from a step.
     * @throws InterruptedException from a step.
     */
    long highest(final PrintStream out, final String name, final Step step)
        throws IOException, InterruptedException
    {
        out.printf(Locale.ROOT, "%nfinding the highest sustainable rate: %s (steps of %.1f s)%n", name,
            options.stepNs / 1e9);
        long good = 0;
        long bad = 0;
        long tryRate = Math.min(START_RATE, options.maxRate);
        // Up by doubling while the rate holds; if the first does not, down by halving until one does.
        while (tryRate <= options.maxRate && tryRate >= MIN_RATE)
        {
            if (holds(out, name, step, tryRate))
            {
                good = tryRate;
                if (bad > 0)
                {
                    break;
                }
                tryRate *= 2;
            }
            else
            {
                bad = tryRate;
                if (good > 0)
                {
                    break;
                }
                tryRate /= 2;
            }
        }
        // Two halvings between the last rate that held and the first that did not.
        for (int i = 0; i < 2 && good > 0 && bad > 0 && bad - good > good / 8; i++)
        {
            final long middle = (good + bad) / 2;
            if (holds(out, name, step, middle))
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }
        return good;
    }

    private boolean holds(final PrintStream out, final String name, final Step step, final long stepRate)
        throws IOException, InterruptedException
    {
        final PipelineLatency.Run run = step.run(stepRate);
        long worstP99 = 0;
        for (final Histogram stage : run.stages)
        {
            worstP99 = Math.max(worstP99, stage.getValueAtPercentile(99));
        }
        final boolean holds = run.failures.isEmpty() && worstP99 <= options.sloNs;
        out.printf(Locale.ROOT, "  %-10s %,12d ticks/s: worst stage p99 %s, %s%n", name, stepRate,
            LatencyReport.micros(worstP99),
            holds ? "holds" : run.failures.isEmpty() ? "too slow" : String.join("; ", run.failures));
        return holds;
    }
}
