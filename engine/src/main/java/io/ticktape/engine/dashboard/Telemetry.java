package io.ticktape.engine.dashboard;

import io.ticktape.engine.LatencyStats;
import io.ticktape.engine.RecentEvents;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Samples a running engine on its own thread, off every hot path: per-stage latency intervals (through
 * {@link LatencyStats.Tap}s), throughput, ring backlog per consumer, feed counters, recent events and bars. Each
 * sample becomes one JSON object, kept in a bounded history and pushed to listeners (the page's event streams);
 * cumulative histograms are kept for {@code /metrics}.
 */
final class Telemetry implements AutoCloseable
{
    static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    static final String[] PERCENTILE_KEYS = { "p50", "p90", "p99", "p999", "p9999" };
    private static final Logger LOG = System.getLogger(Telemetry.class.getName());
    private static final int MAX_EVENTS = 200;
    private static final int MAX_BARS_PER_INSTRUMENT = 600;

    private final TicktapeEngine engine;
    private final long intervalNs;
    private final int historySamples;
    private final long barIntervalNs;
    private final LatencyStats.Tap[] taps;
    private final Histogram[] intervals;
    private final Histogram[] cumulative;
    private final Deque<String> history = new ArrayDeque<>();
    private final Deque<String> events = new ArrayDeque<>();
    private final Map<Integer, Deque<String>> bars = new HashMap<>();
    private final Map<Integer, String> symbols = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final Thread thread;
    private final List<String> newEvents = new ArrayList<>();
    private final List<String> newBars = new ArrayList<>();
    private final Map<Integer, String> newSymbols = new TreeMap<>();
    private volatile boolean running = true;
    private long lastTicks;
    private long lastSampleNs;
    private volatile double ticksPerSecond;
    private volatile long[] backlogs = new long[TicktapeEngine.CONSUMER_NAMES.length];
    private long samples;

    Telemetry(final TicktapeEngine engine, final long intervalNs, final int historySamples, final long barIntervalNs)
    {
        this.engine = engine;
        this.intervalNs = intervalNs;
        this.historySamples = historySamples;
        this.barIntervalNs = barIntervalNs;
        final LatencyStats[] stages = engine.stageLatencies();
        taps = new LatencyStats.Tap[stages.length];
        intervals = new Histogram[stages.length];
        cumulative = new Histogram[stages.length];
        for (int i = 0; i < stages.length; i++)
        {
            taps[i] = stages[i].newTap();
            intervals[i] = taps[i].newHistogram();
            cumulative[i] = taps[i].newHistogram();
        }
        lastSampleNs = System.nanoTime();
        lastTicks = engine.counters().value("sequencer.ticks");
        thread = new Thread(this::run, "ticktape-dashboard-sampler");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    private void run()
    {
        long nextNs = System.nanoTime() + intervalNs;
        while (running)
        {
            final long waitNs = nextNs - System.nanoTime();
            if (waitNs > 0)
            {
                try
                {
                    TimeUnit.NANOSECONDS.sleep(Math.min(waitNs, TimeUnit.MILLISECONDS.toNanos(100)));
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                continue;
            }
            nextNs += intervalNs;
            try
            {
                sample();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.WARNING, "dashboard sample failed", ex);
            }
        }
    }

    /**
     * Take one sample now (the sampler thread; tests may call it while the thread is not started).
     */
    void sample()
    {
        final long nowNs = System.nanoTime();
        final Map<String, Long> counters = engine.counters().snapshot();
        final long ticks = counters.getOrDefault("sequencer.ticks", 0L);
        ticksPerSecond = (ticks - lastTicks) * 1e9 / Math.max(1, nowNs - lastSampleNs);
        lastTicks = ticks;
        lastSampleNs = nowNs;
        backlogs = engine.consumerBacklogs();
        synchronized (this)
        {
            for (int i = 0; i < taps.length; i++)
            {
                taps[i].sample(intervals[i]);
                cumulative[i].add(intervals[i]);
            }
        }
        drainEvents();
        drainBars();

        final StringBuilder json = new StringBuilder(2048);
        json.append("{\"t\":").append(System.currentTimeMillis());
        json.append(",\"tps\":").append(String.format(Locale.ROOT, "%.1f", ticksPerSecond));
        json.append(",\"ticks\":").append(ticks);
        json.append(",\"stages\":{");
        for (int i = 0; i < taps.length; i++)
        {
            final Histogram h = intervals[i];
            json.append(i == 0 ? "" : ",").append('"').append(TicktapeEngine.STAGE_NAMES[i]).append("\":{");
            json.append("\"count\":").append(h.getTotalCount());
            for (int p = 0; p < PERCENTILES.length; p++)
            {
                json.append(",\"").append(PERCENTILE_KEYS[p]).append("\":")
                    .append(h.getTotalCount() == 0 ? "null" : Long.toString(h.getValueAtPercentile(PERCENTILES[p])));
            }
            json.append(",\"max\":").append(h.getTotalCount() == 0 ? "null" : Long.toString(h.getMaxValue()));
            json.append('}');
        }
        json.append("},\"backlog\":{");
        final long[] backlog = backlogs;
        for (int i = 0; i < backlog.length; i++)
        {
            json.append(i == 0 ? "" : ",").append('"').append(TicktapeEngine.CONSUMER_NAMES[i]).append("\":")
                .append(backlog[i]);
        }
        json.append("},\"feed\":{");
        final long[] feed = feedCounters(counters);
        for (int i = 0; i < FEED_COUNTERS.length; i++)
        {
            json.append(i == 0 ? "" : ",").append('"').append(FEED_COUNTERS[i]).append("\":").append(feed[i]);
        }
        json.append("},\"events\":[").append(String.join(",", newEvents)).append(']');
        json.append(",\"bars\":[").append(String.join(",", newBars)).append(']');
        json.append(",\"symbols\":").append(symbolsJson(newSymbols));
        json.append('}');
        newEvents.clear();
        newBars.clear();
        newSymbols.clear();

        final String sample = json.toString();
        synchronized (history)
        {
            history.addLast(sample);
            while (history.size() > historySamples)
            {
                history.removeFirst();
            }
            samples++;
        }
        for (final Consumer<String> listener : listeners)
        {
            listener.accept(sample);
        }
    }

    /** Feed counters the page shows, summed over channels and decoders. */
    static final String[] FEED_COUNTERS = { "gaps", "gap_packets", "duplicates", "malformed", "stale", "errors" };

    static long[] feedCounters(final Map<String, Long> counters)
    {
        final long[] values = new long[FEED_COUNTERS.length];
        for (final Map.Entry<String, Long> entry : counters.entrySet())
        {
            final String name = entry.getKey();
            final long value = entry.getValue();
            if (name.startsWith("arbiter."))
            {
                if (name.endsWith(".gaps"))
                {
                    values[0] += value;
                }
                else if (name.endsWith(".gap_packets"))
                {
                    values[1] += value;
                }
                else if (name.endsWith(".duplicates"))
                {
                    values[2] += value;
                }
                else if (name.endsWith(".stale"))
                {
                    values[4] += value;
                }
            }
            else if (name.equals("sequencer.duplicate_frames"))
            {
                values[2] += value;
            }
            if (name.contains(".malformed."))
            {
                values[3] += value;
            }
            if (name.equals("engine.errors"))
            {
                values[5] += value;
            }
        }
        return values;
    }

    private void drainEvents()
    {
        engine.events().drain((kind, timeNs, a, b, c, text) ->
        {
            if (kind == RecentEvents.INSTRUMENT)
            {
                symbols.put((int)a, text);
                newSymbols.put((int)a, text);
                return;
            }
            final String event = "{\"t\":" + System.currentTimeMillis() + ",\"kind\":\"" +
                RecentEvents.kindName(kind) + "\",\"text\":\"" + escape(RecentEvents.describe(kind, a, b, c, text)) +
                "\"}";
            newEvents.add(event);
            synchronized (events)
            {
                events.addLast(event);
                while (events.size() > MAX_EVENTS)
                {
                    events.removeFirst();
                }
            }
        }, 1000);
    }

    private void drainBars()
    {
        engine.drainBars((msgTypeId, buffer, index, length) -> onBar(buffer, index), 10_000);
    }

    private void onBar(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        bar.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        if (bar.intervalNs() != barIntervalNs || bar.closed() != BooleanType.TRUE)
        {
            return;
        }
        final double scale = Math.pow(10, bar.priceExponent());
        final String json = String.format(Locale.ROOT,
            "{\"i\":%d,\"t\":%.3f,\"o\":%s,\"h\":%s,\"l\":%s,\"c\":%s,\"v\":%d,\"vwap\":%s}",
            bar.instrumentId(), bar.openTimeNs() / 1e9, num(bar.openMantissa() * scale),
            num(bar.highMantissa() * scale), num(bar.lowMantissa() * scale), num(bar.closeMantissa() * scale),
            bar.volume(), num(bar.vwap() * scale));
        newBars.add(json);
        synchronized (bars)
        {
            final Deque<String> list = bars.computeIfAbsent((int)bar.instrumentId(), k -> new ArrayDeque<>());
            list.addLast(json);
            while (list.size() > MAX_BARS_PER_INSTRUMENT)
            {
                list.removeFirst();
            }
        }
    }

    private static String num(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.10g", value) : "null";
    }

    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char ch = text.charAt(i);
            if (ch == '"' || ch == '\\')
            {
                out.append('\\').append(ch);
            }
            else if (ch < 32 || ch == '<' || ch == '>' || ch == '&')
            {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int)ch));
            }
            else
            {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String symbolsJson(final Map<Integer, String> symbols)
    {
        final StringBuilder json = new StringBuilder("{");
        for (final Map.Entry<Integer, String> entry : symbols.entrySet())
        {
            json.append(json.length() == 1 ? "" : ",").append('"').append(entry.getKey()).append("\":\"")
                .append(escape(entry.getValue())).append('"');
        }
        return json.append('}').toString();
    }

    /**
     * @return the history, oldest first, as a JSON array of samples.
     */
    String historyJson()
    {
        synchronized (history)
        {
            return "[" + String.join(",", history) + "]";
        }
    }

    /**
     * @return state a page needs when it connects: known symbols and recent events.
     */
    String stateJson()
    {
        final String symbolsJson = symbolsJson(new TreeMap<>(symbols));
        final String eventsJson;
        synchronized (events)
        {
            eventsJson = "[" + String.join(",", events) + "]";
        }
        final List<Integer> instruments;
        synchronized (bars)
        {
            instruments = new ArrayList<>(new TreeMap<>(bars).keySet());
        }
        return "{\"symbols\":" + symbolsJson + ",\"events\":" + eventsJson + ",\"instruments\":" + instruments +
            ",\"barIntervalS\":" + String.format(Locale.ROOT, "%.3f", barIntervalNs / 1e9) +
            ",\"stages\":[\"" + String.join("\",\"", TicktapeEngine.STAGE_NAMES) + "\"]" +
            ",\"consumers\":[\"" + String.join("\",\"", TicktapeEngine.CONSUMER_NAMES) + "\"]}";
    }

    /**
     * @param instrumentId an instrument.
     * @return its recent closed bars as a JSON array, oldest first.
     */
    String barsJson(final int instrumentId)
    {
        synchronized (bars)
        {
            final Deque<String> list = bars.get(instrumentId);
            return null == list ? "[]" : "[" + String.join(",", list) + "]";
        }
    }

    /**
     * Copies of the cumulative per-stage histograms (since the dashboard started).
     *
     * @return in the order of {@link TicktapeEngine#STAGE_NAMES}.
     */
    synchronized Histogram[] cumulative()
    {
        final Histogram[] copies = new Histogram[cumulative.length];
        for (int i = 0; i < copies.length; i++)
        {
            copies[i] = cumulative[i].copy();
        }
        return copies;
    }

    double ticksPerSecond()
    {
        return ticksPerSecond;
    }

    long[] backlogs()
    {
        return backlogs.clone();
    }

    long samples()
    {
        synchronized (history)
        {
            return samples;
        }
    }

    void addListener(final Consumer<String> listener)
    {
        listeners.add(listener);
    }

    void removeListener(final Consumer<String> listener)
    {
        listeners.remove(listener);
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
