package io.ticktape.engine.dashboard;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.ticktape.engine.TicktapeEngine;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's state as Prometheus metrics, built when scraped from what the engine already keeps: its named
 * counters (read, never written), the ring's backlog, and the dashboard sampler's cumulative per-stage HdrHistograms
 * (as a summary with quantiles and as a classic histogram). Nothing here runs on a hot path.
 */
final class EngineCollector implements MultiCollector
{
    /** Classic histogram bucket upper bounds, seconds: 1 µs to 1 s. */
    static final double[] BUCKETS_S = {
        1e-6, 2e-6, 5e-6, 10e-6, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6,
        1e-3, 2e-3, 5e-3, 10e-3, 20e-3, 50e-3, 100e-3, 200e-3, 500e-3, 1.0, Double.POSITIVE_INFINITY
    };

    private final TicktapeEngine engine;
    private final Telemetry telemetry;

    EngineCollector(final TicktapeEngine engine, final Telemetry telemetry)
    {
        this.engine = engine;
        this.telemetry = telemetry;
    }

    @Override
    public MetricSnapshots collect()
    {
        final List<io.prometheus.metrics.model.snapshots.MetricSnapshot> snapshots = new ArrayList<>();
        final Map<String, Long> counters = engine.counters().snapshot();
        final CounterSnapshot.Builder events = CounterSnapshot.builder()
            .name("ticktape_events").help("Engine counters, by the engine's counter name (status.Counters)");
        final GaugeSnapshot.Builder positions = GaugeSnapshot.builder()
            .name("ticktape_position").help("Engine positions (last global sequence per stage)");
        for (final Map.Entry<String, Long> entry : counters.entrySet())
        {
            final Labels labels = Labels.of("counter", entry.getKey());
            if (entry.getKey().contains("last_"))
            {
                positions.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(labels).value(entry.getValue()).build());
            }
            else
            {
                events.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(labels).value(entry.getValue()).build());
            }
        }
        snapshots.add(events.build());
        snapshots.add(positions.build());

        final long[] feed = Telemetry.feedCounters(counters);
        final CounterSnapshot.Builder feedCounters = CounterSnapshot.builder()
            .name("ticktape_feed").help("Feed counters summed over channels: gaps, duplicates, malformed frames, ...");
        for (int i = 0; i < feed.length; i++)
        {
            feedCounters.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("kind", Telemetry.FEED_COUNTERS[i])).value(feed[i]).build());
        }
        snapshots.add(feedCounters.build());

        final GaugeSnapshot.Builder backlog = GaugeSnapshot.builder()
            .name("ticktape_ring_backlog").help("Ticks sequenced onto the ring that a consumer has not processed yet");
        final long[] backlogs = engine.consumerBacklogs();
        for (int i = 0; i < backlogs.length; i++)
        {
            backlog.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("consumer", TicktapeEngine.CONSUMER_NAMES[i])).value(backlogs[i]).build());
        }
        snapshots.add(backlog.build());
        snapshots.add(GaugeSnapshot.builder()
            .name("ticktape_throughput_ticks_per_second").help("Ticks sequenced per second, last sample")
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(telemetry.ticksPerSecond()).build())
            .build());

        final Histogram[] stages = telemetry.cumulative();
        final SummarySnapshot.Builder summary = SummarySnapshot.builder()
            .name("ticktape_stage_latency_seconds").unit(Unit.SECONDS)
            .help("Latency from frame receipt to each stage done (HdrHistogram, since the dashboard started)");
        final HistogramSnapshot.Builder histogram = HistogramSnapshot.builder()
            .name("ticktape_stage_latency_histogram_seconds").unit(Unit.SECONDS)
            .help("Latency from frame receipt to each stage done, classic buckets (since the dashboard started)");
        for (int i = 0; i < stages.length; i++)
        {
            final Histogram h = stages[i];
            final Labels labels = Labels.of("stage", TicktapeEngine.STAGE_NAMES[i]);
            final double sumS = h.getMean() * h.getTotalCount() / 1e9;
            final List<Quantile> quantiles = new ArrayList<>();
            for (final double percentile : Telemetry.PERCENTILES)
            {
                quantiles.add(new Quantile(percentile / 100.0,
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e9));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(labels).count(h.getTotalCount()).sum(sumS).quantiles(Quantiles.of(quantiles)).build());
            final long[] counts = new long[BUCKETS_S.length];
            long below = 0;
            for (int b = 0; b < BUCKETS_S.length; b++)
            {
                final long cumulativeCount = Double.isInfinite(BUCKETS_S[b]) ? h.getTotalCount() :
                    h.getCountBetweenValues(0, (long)(BUCKETS_S[b] * 1e9));
                counts[b] = cumulativeCount - below;
                below = cumulativeCount;
            }
            histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(labels).sum(sumS).classicHistogramBuckets(ClassicHistogramBuckets.of(BUCKETS_S, counts))
                .build());
        }
        snapshots.add(summary.build());
        snapshots.add(histogram.build());
        return new MetricSnapshots(snapshots);
    }
}
