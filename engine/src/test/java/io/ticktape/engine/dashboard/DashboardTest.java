package io.ticktape.engine.dashboard;

import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.TicktapeEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard against a running engine (simulator, real Aeron media driver, Chronicle Queue journal): the page in
 * a real headless Chromium with live charts, and {@code /metrics} checked against the engine's own counters.
 */
class DashboardTest
{
    private static final Pattern SAMPLE = Pattern.compile("^(ticktape_[a-z_]+)(\\{[^}]*})? (\\S+)$");

    @TempDir
    Path dir;

    private TicktapeEngine engine;
    private Dashboard dashboard;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start()
    {
        final EngineConfig config = new EngineConfig();
        config.dataDir = dir.resolve("data").toString();
        config.embeddedAeronDir = dir.resolve("aeron").toString();
        config.simulator.instruments = 4;
        config.simulator.rate = 20_000;
        config.simulator.lineLoss = 0.03; // both lines now and then lose the same frame: gaps for the event list
        config.dashboard.port = 0;
        config.dashboard.sampleInterval = "250ms";
        engine = TicktapeEngine.launch(config.withDefaults().validate());
        dashboard = Dashboard.start(engine, config.dashboard);
    }

    @AfterEach
    void stop()
    {
        if (null != dashboard)
        {
            dashboard.close();
        }
        if (null != engine)
        {
            engine.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldRenderLiveChartsInHeadlessChromium() throws Exception
    {
        final String binary = Chromium.find();
        assumeTrue(null != binary, "no chromium binary (apt-get install chromium); browser test skipped");
        assertThat(dashboard.url()).startsWith("http://127.0.0.1:");

        try (Chromium browser = Chromium.launch(binary, dir.resolve("chromium"), 1400, 2200))
        {
            browser.navigate(dashboard.url());
            final String check = "(function(){var t=window.ticktape;if(!t)return 'none';" +
                "var c=document.querySelectorAll('.uplot canvas');var drawn=0;" +
                "c.forEach(function(x){if(x.width>0&&x.height>0)drawn++;});" +
                "var rows=document.querySelectorAll('#latency-table tbody tr').length;" +
                "return 'canvases='+drawn+';live='+t.live+';samples='+t.samples+';candles='+t.candles+" +
                "';rows='+rows+';events='+document.querySelectorAll('#events li.gap').length+';options='+document.querySelectorAll('#instrument option').length;})()";
            final Map<String, Long> state = new HashMap<>();
            final boolean ready = waitFor(() ->
            {
                try
                {
                    state.clear();
                    state.putAll(parse(browser.evaluate(check)));
                }
                catch (final Exception ex)
                {
                    return false;
                }
                return state.getOrDefault("canvases", 0L) >= 7 && state.getOrDefault("live", 0L) >= 4 &&
                    state.getOrDefault("candles", 0L) >= 2 && state.getOrDefault("rows", 0L) == 4 &&
                    state.getOrDefault("options", 0L) >= 1 && state.getOrDefault("events", 0L) >= 1;
            }, TimeUnit.SECONDS.toNanos(120));

            final Path shot = Path.of("target", "dashboard-screenshot.png");
            Files.createDirectories(shot.getParent());
            final byte[] png = browser.screenshot();
            Files.write(shot, png);
            assertThat(ready).as("page state " + state + " (screenshot in " + shot.toAbsolutePath() + ")").isTrue();
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');

            // The charts hold data points that arrived live, and the numbers on the page are the engine's.
            final String points = browser.evaluate("(function(){var t=window.ticktape;" +
                "return 'kernelP99='+t.lastKernelP99+';ticks='+t.lastTicks;})()");
            final Map<String, Long> last = parse(points);
            assertThat(last.get("ticks")).isPositive().isLessThanOrEqualTo(engine.counters().value("sequencer.ticks"));
            assertThat(last.get("kernelP99")).isPositive();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldExportPrometheusMetricsThatAgreeWithTheEngine() throws Exception
    {
        assertThat(waitFor(() -> engine.counters().value("kernel.trades") > 2_000 && dashboard.samples() > 2,
            TimeUnit.SECONDS.toNanos(60))).isTrue();
        assertThat(engine.stopFeedAndDrain(TimeUnit.SECONDS.toMillis(30))).isTrue();
        final long samplesBefore = dashboard.samples();
        assertThat(waitFor(() -> dashboard.samples() > samplesBefore + 1, TimeUnit.SECONDS.toNanos(30))).isTrue();

        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        final Map<String, Double> metrics = new HashMap<>();
        for (final String line : response.body().split("\n"))
        {
            final Matcher m = SAMPLE.matcher(line);
            if (m.matches())
            {
                metrics.put(m.group(1) + (null == m.group(2) ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        final long ticks = engine.counters().value("sequencer.ticks");
        assertThat(metrics.get("ticktape_events_total{counter=\"sequencer.ticks\"}")).isEqualTo((double)ticks);
        assertThat(metrics.get("ticktape_events_total{counter=\"journal.ticks\"}"))
            .isEqualTo((double)engine.counters().value("journal.ticks"));
        assertThat(metrics.get("ticktape_ring_backlog{consumer=\"kernel\"}")).isEqualTo(0.0);
        final long gaps = engine.counters().snapshot().entrySet().stream()
            .filter(e -> e.getKey().startsWith("arbiter.") && e.getKey().endsWith(".gaps")).mapToLong(Map.Entry::getValue)
            .sum();
        assertThat(gaps).isPositive();
        assertThat(metrics.get("ticktape_feed_total{kind=\"gaps\"}")).isEqualTo((double)gaps);

        // Every sequenced tick was timed once at each stage the publisher and journal see; the dashboard's tap
        // started with the engine already running, so it may have missed none or a few of the first ticks only
        // if someone else drained first (nobody does here).
        assertThat(metrics.get("ticktape_stage_latency_seconds_count{stage=\"published\"}")).isEqualTo((double)ticks);
        assertThat(metrics.get("ticktape_stage_latency_seconds_count{stage=\"sequenced\"}")).isEqualTo((double)ticks);
        assertThat(metrics.get("ticktape_stage_latency_seconds_count{stage=\"journaled\"}"))
            .isEqualTo((double)engine.counters().value("journal.ticks"));
        assertThat(metrics.get("ticktape_stage_latency_seconds_count{stage=\"kernel\"}"))
            .isEqualTo((double)engine.latency().total().getTotalCount());
        // Quantiles are ordered and the histogram's buckets add up to its count.
        final double p50 = metrics.get("ticktape_stage_latency_seconds{stage=\"kernel\",quantile=\"0.5\"}");
        final double p99 = metrics.get("ticktape_stage_latency_seconds{stage=\"kernel\",quantile=\"0.99\"}");
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(metrics.get("ticktape_stage_latency_histogram_seconds_bucket{stage=\"kernel\",le=\"+Inf\"}"))
            .isEqualTo(metrics.get("ticktape_stage_latency_histogram_seconds_count{stage=\"kernel\"}"))
            .isEqualTo(metrics.get("ticktape_stage_latency_seconds_count{stage=\"kernel\"}"));

        final HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(dashboard.url())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("uPlot.iife.min.js");
        final HttpResponse<String> uplot = http.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "uplot/uPlot.iife.min.js")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        final HttpResponse<String> bad = http.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "api/bars?instrument=x")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    private static Map<String, Long> parse(final String text)
    {
        final Map<String, Long> values = new HashMap<>();
        if (null != text)
        {
            for (final String part : text.split(";"))
            {
                final String[] kv = part.split("=", 2);
                if (kv.length == 2 && kv[1].matches("-?\\d+"))
                {
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        }
        return values;
    }

    private static boolean waitFor(final BooleanSupplier condition, final long timeoutNs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (System.nanoTime() < deadlineNs)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
