package io.ticktape.engine.cli;

import io.ticktape.engine.TicktapeEngine;
import org.HdrHistogram.Histogram;

import io.ticktape.sequencer.GapLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The final figures of a run, as text for people and JSON for scripts.
 */
final class Summary
{
    private final Map<String, Long> counters;
    private final Histogram latency;
    private final long elapsedNs;
    private final long ticks;
    private final long firstGlobalSeq;
    private final long lastGlobalSeq;
    private final String aeronDir;
    private final Map<Integer, Map<String, Long>> channels = new TreeMap<>();
    private final Map<Integer, List<long[]>> gapRanges = new TreeMap<>();
    private final long gapsNotListed;
    private long warmupNs;
    private String alertRules;

    private Summary(
        final Map<String, Long> counters,
        final Histogram latency,
        final long elapsedNs,
        final long firstGlobalSeq,
        final String aeronDir,
        final GapLog gapLog)
    {
        this.counters = counters;
        this.latency = latency;
        this.elapsedNs = elapsedNs;
        this.ticks = counter("sequencer.ticks");
        this.firstGlobalSeq = firstGlobalSeq;
        this.lastGlobalSeq = counter("sequencer.last_global_seq");
        this.aeronDir = aeronDir;
        for (final Map.Entry<String, Long> entry : counters.entrySet())
        {
            final String[] parts = entry.getKey().split("\\.");
            if (parts.length == 3 && "arbiter".equals(parts[0]))
            {
                channels.computeIfAbsent(Integer.parseInt(parts[1]), k -> new java.util.LinkedHashMap<>())
                    .put(parts[2], entry.getValue());
            }
        }
        long notListed = 0;
        if (null != gapLog)
        {
            for (int i = 0; i < gapLog.size(); i++)
            {
                gapRanges.computeIfAbsent(gapLog.channel(i), k -> new ArrayList<>())
                    .add(new long[]{ gapLog.from(i), gapLog.to(i) });
            }
            notListed = gapLog.dropped();
        }
        gapsNotListed = notListed;
    }

    static Summary of(final TicktapeEngine engine, final long elapsedNs, final long warmupNs)
    {
        return new Summary(engine.counters().snapshot(), engine.latency().total(), elapsedNs,
            engine.startGlobalSeq() + 1, engine.aeronDir(), null == engine.sequencer() ? null :
            engine.sequencer().gapLog()).warmupNs(warmupNs).alertRules(null == engine.alerts() ? null :
            engine.alerts().rules().size() + " from " + engine.alerts().rules().origin());
    }

    private Summary alertRules(final String alertRules)
    {
        this.alertRules = alertRules;
        return this;
    }

    private Summary warmupNs(final long warmupNs)
    {
        this.warmupNs = warmupNs;
        return this;
    }

    long counter(final String label)
    {
        return counters.getOrDefault(label, 0L);
    }

    double ticksPerSecond()
    {
        return ticks * 1e9 / Math.max(1, elapsedNs);
    }

    long dropped()
    {
        return counter("publisher.ticks.back_pressure_drops") + counter("publisher.analytics.back_pressure_drops");
    }

    long alertsRaised()
    {
        return counter("alerts.raised") + counter("alerts.system_raised");
    }

    long alertsCleared()
    {
        return counter("alerts.cleared") + counter("alerts.system_cleared");
    }

    long errors()
    {
        long malformed = 0;
        for (final Map.Entry<String, Long> entry : counters.entrySet())
        {
            if (entry.getKey().contains(".malformed."))
            {
                malformed += entry.getValue();
            }
        }
        return counter("engine.errors") + malformed;
    }

    String toText()
    {
        return String.format(Locale.ROOT,
            "summary: %,d ticks in %.2f s = %,.0f ticks/s; journaled %,d; published %,d ticks + %,d analytics " +
            "(%,d with no subscriber); dropped %d; errors %d%n" +
            "latency receive->kernel%s (HdrHistogram, %,d samples): p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s%n" +
            "global sequence %,d..%,d%s%n" +
            "alerts: raised %,d, cleared %,d, acknowledged %,d (rules: %s)",
            ticks, elapsedNs / 1e9, ticksPerSecond(), counter("journal.ticks"),
            counter("publisher.ticks.published"), counter("publisher.analytics.published"),
            counter("publisher.ticks.unsubscribed") + counter("publisher.analytics.unsubscribed"),
            dropped(), errors(), warmupNs > 0 ? String.format(Locale.ROOT, " after a %.1f s warm-up", warmupNs / 1e9) : "",
            latency.getTotalCount(),
            EngineSession.micros(latency.getValueAtPercentile(50)),
            EngineSession.micros(latency.getValueAtPercentile(90)),
            EngineSession.micros(latency.getValueAtPercentile(99)),
            EngineSession.micros(latency.getValueAtPercentile(99.9)),
            EngineSession.micros(latency.getValueAtPercentile(99.99)),
            EngineSession.micros(latency.getMaxValue()),
            firstGlobalSeq, lastGlobalSeq, channelsText(), alertsRaised(), alertsCleared(),
            counter("alerts.acknowledged"), null == alertRules ? "off" : alertRules);
    }

    private static String rangesText(final List<long[]> ranges)
    {
        if (null == ranges)
        {
            return "";
        }
        final StringBuilder text = new StringBuilder(": ");
        for (int r = 0; r < ranges.size(); r++)
        {
            text.append(r == 0 ? "" : ", ").append(Long.toUnsignedString(ranges.get(r)[0])).append('-')
                .append(Long.toUnsignedString(ranges.get(r)[1]));
        }
        return text.toString();
    }

    private String channelsText()
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<Integer, Map<String, Long>> channel : channels.entrySet())
        {
            final Map<String, Long> c = channel.getValue();
            text.append(String.format(Locale.ROOT,
                "%nchannel %d: packets %,d (all lines), passed %,d, duplicates dropped %,d, reordered %,d, " +
                "gaps %,d (%,d packets)%s, resets %d, stale %d",
                channel.getKey(), c.getOrDefault("packets", 0L), c.getOrDefault("passed", 0L),
                c.getOrDefault("duplicates", 0L), c.getOrDefault("reordered", 0L), c.getOrDefault("gaps", 0L),
                c.getOrDefault("gap_packets", 0L),
                rangesText(gapRanges.get(channel.getKey())),
                c.getOrDefault("resets", 0L), c.getOrDefault("stale", 0L)));
        }
        if (gapsNotListed > 0)
        {
            text.append(String.format("%n(%,d more gaps not listed)", gapsNotListed));
        }
        return text.toString();
    }

    String toJson()
    {
        final StringBuilder json = new StringBuilder(1024);
        json.append("{\n");
        field(json, "ticks", ticks);
        json.append(String.format(Locale.ROOT, "  \"ticks_per_sec\": %.1f,%n", ticksPerSecond()));
        field(json, "journaled", counter("journal.ticks"));
        field(json, "published", counter("publisher.ticks.published"));
        field(json, "analytics_published", counter("publisher.analytics.published"));
        field(json, "unsubscribed", counter("publisher.ticks.unsubscribed") +
            counter("publisher.analytics.unsubscribed"));
        field(json, "dropped", dropped());
        field(json, "errors", errors());
        field(json, "alerts_raised", alertsRaised());
        field(json, "alerts_cleared", alertsCleared());
        json.append(String.format(Locale.ROOT, "  \"duration_s\": %.3f,%n", elapsedNs / 1e9));
        field(json, "first_global_seq", firstGlobalSeq);
        field(json, "last_global_seq", lastGlobalSeq);
        json.append("  \"aeron_dir\": \"").append(aeronDir.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
        json.append(String.format(Locale.ROOT, "  \"latency_warmup_s\": %.3f,%n", warmupNs / 1e9));
        json.append("  \"latency_ns\": {");
        json.append("\"count\": ").append(latency.getTotalCount());
        json.append(", \"p50\": ").append(latency.getValueAtPercentile(50));
        json.append(", \"p90\": ").append(latency.getValueAtPercentile(90));
        json.append(", \"p99\": ").append(latency.getValueAtPercentile(99));
        json.append(", \"p999\": ").append(latency.getValueAtPercentile(99.9));
        json.append(", \"p9999\": ").append(latency.getValueAtPercentile(99.99));
        json.append(", \"max\": ").append(latency.getMaxValue());
        json.append("},\n");
        json.append("  \"channels\": {");
        boolean firstChannel = true;
        for (final Map.Entry<Integer, Map<String, Long>> channel : channels.entrySet())
        {
            json.append(firstChannel ? "\n" : ",\n").append("    \"").append(channel.getKey()).append("\": {");
            firstChannel = false;
            for (final Map.Entry<String, Long> value : channel.getValue().entrySet())
            {
                json.append('"').append(value.getKey()).append("\": ").append(value.getValue()).append(", ");
            }
            json.append("\"gap_ranges\": [");
            final List<long[]> ranges = gapRanges.getOrDefault(channel.getKey(), List.of());
            for (int r = 0; r < ranges.size(); r++)
            {
                json.append(r == 0 ? "" : ", ").append('[').append(Long.toUnsignedString(ranges.get(r)[0]))
                    .append(", ").append(Long.toUnsignedString(ranges.get(r)[1])).append(']');
            }
            json.append("]}");
        }
        json.append(firstChannel ? "},\n" : "\n  },\n");
        json.append("  \"counters\": {");
        boolean first = true;
        for (final Map.Entry<String, Long> entry : counters.entrySet())
        {
            json.append(first ? "\n" : ",\n").append("    \"").append(entry.getKey()).append("\": ").append(entry.getValue());
            first = false;
        }
        json.append("\n  }\n}\n");
        return json.toString();
    }

    private static void field(final StringBuilder json, final String name, final long value)
    {
        json.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }
}
