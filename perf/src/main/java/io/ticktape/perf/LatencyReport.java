package io.ticktape.perf;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench latency} prints: per-stage percentile tables in microseconds, the ratios between variants, and
 * the JVM's garbage collections.
 */
final class LatencyReport
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    private static final String[] PERCENTILE_NAMES = { "p50", "p90", "p99", "p99.9", "p99.99" };

    private LatencyReport()
    {
    }

    static void printTable(final PrintStream out, final String title, final String[] names,
        final Histogram[] stages)
    {
        out.println();
        out.println(title + ", latency from intended send time (µs):");
        out.printf(Locale.ROOT, "  %-10s %12s", "stage", "count");
        for (final String p : PERCENTILE_NAMES)
        {
            out.printf(Locale.ROOT, " %10s", p);
        }
        out.printf(Locale.ROOT, " %10s%n", "max");
        for (int i = 0; i < stages.length; i++)
        {
            out.printf(Locale.ROOT, "  %-10s %,12d", names[i], stages[i].getTotalCount());
            for (final double p : PERCENTILES)
            {
                out.printf(Locale.ROOT, " %10.1f", stages[i].getValueAtPercentile(p) / 1e3);
            }
            out.printf(Locale.ROOT, " %10.1f%n", stages[i].getMaxValue() / 1e3);
        }
    }

    static void printRatios(final PrintStream out, final Map<String, Histogram[]> results)
    {
        final Histogram[] disruptor = results.get("disruptor");
        final Histogram[] queue = results.get("abq");
        final Histogram[] questdb = results.get("questdb");
        if (null != queue)
        {
            out.println();
            out.println("ratios abq / disruptor (higher: the Disruptor is faster):");
            out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", "stage", "p50", "p99", "p99.99", "max");
            for (int i = LatencyPipeline.SEQUENCED; i < LatencyPipeline.STAGES.length; i++)
            {
                out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", LatencyPipeline.STAGES[i],
                    ratio(queue[i], disruptor[i], 50), ratio(queue[i], disruptor[i], 99),
                    ratio(queue[i], disruptor[i], 99.99), ratio(queue[i], disruptor[i], 100));
            }
        }
        if (null != questdb)
        {
            out.println();
            out.println("ratios questdb ingested / ticktape stage (higher: Ticktape is faster):");
            out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", "stage", "p50", "p99", "p99.99", "max");
            for (final int i : new int[]{ LatencyPipeline.KERNEL, LatencyPipeline.JOURNALED })
            {
                out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", LatencyPipeline.STAGES[i],
                    ratio(questdb[0], disruptor[i], 50), ratio(questdb[0], disruptor[i], 99),
                    ratio(questdb[0], disruptor[i], 99.99), ratio(questdb[0], disruptor[i], 100));
            }
        }
    }

    private static String ratio(final Histogram a, final Histogram b, final double percentile)
    {
        final long va = percentile >= 100 ? a.getMaxValue() : a.getValueAtPercentile(percentile);
        final long vb = percentile >= 100 ? b.getMaxValue() : b.getValueAtPercentile(percentile);
        return vb <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", va / (double)vb);
    }

    static String micros(final long ns)
    {
        return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }

    static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    static String gcSummary()
    {
        final StringBuilder text = new StringBuilder();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            text.append(text.length() == 0 ? "" : ", ").append(gc.getName()).append(' ')
                .append(gc.getCollectionCount()).append(" collections ").append(gc.getCollectionTime()).append(" ms");
        }
        return text.toString();
    }
}
