package io.ticktape.engine;

import io.ticktape.client.Streams;
import io.ticktape.protocol.Durations;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's configuration, read from YAML with Chronicle Wire. Every field has a default, so {@code demo} needs
 * no file; the command line overrides what it names. Durations are strings such as {@code 100ms}.
 * <pre>
 * dataDir: ./data
 * profile: default          # or low-latency: busy-spin, threads pinned to cpus
 * simulator: { instruments: 50, rate: 250000, seed: 42 }
 * </pre>
 * See {@code config/engine.yaml} for every field with its default.
 */
public final class EngineConfig extends SelfDescribingMarshallable
{
    /** Default profile: yielding ring waits, backoff idling, no pinning; runs well on a 2-core machine. */
    public static final String PROFILE_DEFAULT = "default";
    /** Low-latency profile: busy-spin everywhere, threads pinned to {@link #cpus}. */
    public static final String PROFILE_LOW_LATENCY = "low-latency";

    /** Where the journal lives. */
    public String dataDir = "./data";
    /** An external media driver's directory; empty to embed one. */
    public String aeronDir = "";
    /** Directory of the embedded media driver; empty for the default, which {@code tail} also finds. */
    public String embeddedAeronDir = "";
    /** Channel the engine publishes on. */
    public String channel = Streams.DEFAULT_CHANNEL;
    /** Stream of sequenced ticks. */
    public int ticksStreamId = Streams.TICKS_STREAM_ID;
    /** Stream of analytics. */
    public int analyticsStreamId = Streams.ANALYTICS_STREAM_ID;

    /** {@link #PROFILE_DEFAULT} or {@link #PROFILE_LOW_LATENCY}. */
    public String profile = PROFILE_DEFAULT;
    /** Ring slots, a power of two. */
    public int ringSize = 1 << 16;
    /** Ring consumers' wait strategy; empty for the profile's. */
    public String waitStrategy = "";
    /** Feed and driver idle strategy ({@code backoff}, {@code yielding}, {@code sleeping}, {@code busy-spin}); empty for the profile's. */
    public String idleStrategy = "";
    /** CPUs to pin threads to in the low-latency profile, in thread start order: kernel, journal, publisher, feed. */
    public List<Integer> cpus = new ArrayList<>();

    /** Journal roll cycle (Chronicle RollCycles name). */
    public String rollCycle = "FAST_DAILY";
    /** Bar intervals. */
    public List<String> barIntervals = new ArrayList<>(List.of("1s", "1m"));
    /** VWAP session start, as an offset from midnight in {@link #sessionTimeZone} (e.g. 17h for CME Globex). */
    public String sessionOffset = "0s";
    /** Time zone of VWAP sessions: UTC, or an exchange's zone such as America/Chicago (daylight saving followed). */
    public String sessionTimeZone = "UTC";
    /** How often the feed thread offers the kernel a timer tick, so bars of quiet markets close ({@code 0s}: never). */
    public String timerInterval = "100ms";
    /** Silence of the whole feed before timer ticks move the kernel's clock past the latest exchange time. */
    public String timerGrace = "100ms";
    /** How time bars close, fill empty intervals, take late trades and publish in-progress snapshots. */
    public BarSettings bars = new BarSettings();
    /** Longest a publisher retries a back-pressured message before dropping it. */
    public String backPressureTimeout = "100ms";
    /** Wait up to this long for a subscriber on both streams before the feed starts ({@code 0s}: don't wait). */
    public String awaitSubscribersTimeout = "0s";

    /** The kernel's per-instrument operators: rolling statistics, activity bars, anomaly scores. */
    public KernelSettings kernel = new KernelSettings();
    /** A/B line arbitration, for every feed. */
    public ArbitrationSettings arbitration = new ArbitrationSettings();
    /** The simulated feed. */
    public SimulatorConfig simulator = new SimulatorConfig();
    /** Real feeds: formats and transports (see {@link FeedConfig}). */
    public List<FeedConfig> feeds = new ArrayList<>();
    /** The columnar history tier built from the journal in the background. */
    public HistorySettings history = new HistorySettings();

    /**
     * The columnar history tier: a background thread (backoff idling) tails the journal into per-day, per-symbol
     * column files under {@code dataDir/history}; it reads the journal, not the ring, so it never holds the ring up.
     */
    public static final class HistorySettings extends SelfDescribingMarshallable
    {
        /** Whether the engine builds the history tier. */
        public boolean enabled = true;
        /** Longest a journaled tick waits before queries see it while the journal is busy. */
        public String flushInterval = "10ms";
        /** Rows in a sealed column block. */
        public int blockRows = io.ticktape.store.history.HistoryBuilder.DEFAULT_BLOCK_ROWS;
    }

    /** Risk alerts: rules file, delivery (stream, journal, webhooks), system-health timer. */
    public AlertSettings alerts = new AlertSettings();

    /**
     * Risk alerts (see {@code docs/alerts.md}): rules from {@code rulesFile} (empty: none), reloaded when the file
     * changes; alerts go to the alerts stream, the alert journal ({@code dataDir/journal/alerts}), the log and the
     * webhooks (HTTP POST of JSON, retried with backoff on a thread of their own).
     */
    public static final class AlertSettings extends SelfDescribingMarshallable
    {
        /** Whether alerts are evaluated and delivered at all. */
        public boolean enabled = true;
        /** The rules file (YAML); empty for no rules. */
        public String rulesFile = "";
        /** How often the rules file is checked for changes. */
        public String reloadPoll = "500ms";
        /** How often the system-health rules are evaluated. */
        public String healthInterval = "1s";
        /** Stream the alerts are published on. */
        public int streamId = io.ticktape.client.Streams.ALERTS_STREAM_ID;
        /** Stream the engine takes acknowledgements on ({@code ticktape alerts ack}). */
        public int commandsStreamId = io.ticktape.client.Streams.ALERT_COMMANDS_STREAM_ID;
        /** Bytes of the delivery inbox between the kernel and the delivery thread, a power of two. */
        public int inboxCapacity = 1 << 20;
        /** Webhook URLs to POST each alert to, as JSON. */
        public List<String> webhooks = new ArrayList<>();
        /** Alerts waiting for the webhook thread at most; beyond, they are dropped and counted. */
        public int webhookQueue = 1024;
        /** Retries of a failed POST. */
        public int webhookRetries = 3;
        /** Wait before the first retry, doubled for each next one. */
        public String webhookBackoff = "200ms";
        /** Connect and request timeout of a POST. */
        public String webhookTimeout = "2s";

        void withDefaults()
        {
            final AlertSettings defaults = new AlertSettings();
            rulesFile = null == rulesFile ? defaults.rulesFile : rulesFile;
            reloadPoll = null == reloadPoll ? defaults.reloadPoll : reloadPoll;
            healthInterval = null == healthInterval ? defaults.healthInterval : healthInterval;
            webhooks = null == webhooks ? defaults.webhooks : webhooks;
            webhookBackoff = null == webhookBackoff ? defaults.webhookBackoff : webhookBackoff;
            webhookTimeout = null == webhookTimeout ? defaults.webhookTimeout : webhookTimeout;
        }

        void validate()
        {
            if (Durations.parseNs(reloadPoll) <= 0 || Durations.parseNs(healthInterval) <= 0 ||
                Durations.parseNs(webhookTimeout) <= 0 || Durations.parseNs(webhookBackoff) < 0)
            {
                throw new IllegalArgumentException("alerts: reloadPoll, healthInterval and webhookTimeout must be " +
                    "positive, webhookBackoff not negative");
            }
            if (inboxCapacity < 4096 || Integer.bitCount(inboxCapacity) != 1)
            {
                throw new IllegalArgumentException("alerts.inboxCapacity must be a power of two of at least 4096: " +
                    inboxCapacity);
            }
            if (webhookQueue < 1 || webhookRetries < 0)
            {
                throw new IllegalArgumentException("alerts.webhookQueue must be positive and webhookRetries not " +
                    "negative");
            }
            if (streamId == 0 || commandsStreamId == 0 || streamId == commandsStreamId)
            {
                throw new IllegalArgumentException("alerts.streamId and commandsStreamId must be distinct and " +
                    "non-zero");
            }
            for (final String url : webhooks)
            {
                final java.net.URI uri;
                try
                {
                    uri = java.net.URI.create(url);
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException("alerts.webhooks: not a URL: " + url);
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
                {
                    throw new IllegalArgumentException("alerts.webhooks: only http and https URLs: " + url);
                }
            }
        }
    }

    /** The dashboard page and Prometheus /metrics, served on loopback by {@code demo} and {@code run}. */
    public DashboardSettings dashboard = new DashboardSettings();

    /**
     * How lines are arbitrated: packets ahead of a missing one wait up to {@code window} (and at most
     * {@code windowPackets} of them) for it to arrive on any line before it is declared a gap; a channel silent for
     * {@code staleAfter} is reported stale ({@code 0s}: never).
     */
    public static final class ArbitrationSettings extends SelfDescribingMarshallable
    {
        /** Most packets waiting ahead of a hole, a power of two. */
        public int windowPackets = 1024;
        /** Longest a packet waits for the numbers before it. */
        public String window = "5ms";
        /** Silence after which a channel is reported stale. */
        public String staleAfter = "5s";
        /** Longest packet the window can hold. */
        public int maxPacketLength = 2048;

        io.ticktape.sequencer.arbitration.ArbitrationConfig toConfig()
        {
            return new io.ticktape.sequencer.arbitration.ArbitrationConfig(
                windowPackets, Durations.parseNs(window), Durations.parseNs(staleAfter), maxPacketLength);
        }
    }

    /**
     * The kernel's per-instrument operators (see {@code io.ticktape.kernel.KernelConfiguration}, whose defaults these
     * are). Durations are strings; thresholds of 0 turn an activity bar kind off.
     */
    public static final class KernelSettings extends SelfDescribingMarshallable
    {
        /** Whether the operators run; false publishes only VWAP and time bars. */
        public boolean enabled = true;
        /** Time windows of the trade-price statistics. */
        public List<String> priceWindows = new ArrayList<>(List.of("1s", "10s", "60s"));
        /** Window of the size, log-return, mid and spread statistics. */
        public String statsWindow = "10s";
        /** Trades in the count window of price statistics. */
        public int countWindow = 100;
        /** Most samples a time window holds; the oldest is evicted beyond it. */
        public int windowCapacity = 2048;
        /** EWMA decay per log return. */
        public double ewmaLambda = 0.94;
        /** Log returns before the return z-score is scored. */
        public int returnWarmup = 30;
        /** Window of realized volatility. */
        public String realizedVolWindow = "60s";
        /** Window of the rolling VWAP. */
        public String rollingVwapWindow = "60s";
        /** Volume closing a volume bar; 0: none. */
        public long volumeBarThreshold = 5000;
        /** Trades closing a tick bar; 0: none. */
        public long tickBarThreshold = 100;
        /** Absolute notional (price mantissa times size) closing a notional bar; 0: none. */
        public long notionalBarThreshold = 0;
        /** Prices in the Hampel window. */
        public int hampelWindow = 50;
        /** Floor of the Hampel MAD, in instrument ticks. */
        public long hampelMinMadTicks = 1;
        /** Baseline window of the volume spike score. */
        public String volumeSpikeWindow = "60s";
        /** Quotes in the median spread of the blow-out score. */
        public int spreadMedianWindow = 100;
        /** Silence after which an instrument is reported stale. */
        public String staleBudget = "5s";
        /** Ensemble weights: return z-score, Hampel, volume spike, spread blow-out, quote condition, staleness. */
        public List<Double> ensembleWeights = new ArrayList<>(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0));
        /** Publish return z-scores of at least this magnitude. */
        public double zScoreThreshold = 3.0;
        /** Publish Hampel scores of at least this. */
        public double hampelThreshold = 3.0;
        /** Publish volume spikes of at least this ratio. */
        public double volumeSpikeThreshold = 5.0;
        /** Publish spread blow-outs of at least this ratio. */
        public double spreadBlowoutThreshold = 5.0;
        /** Publish the ensemble when at least this (0: after every trade). */
        public double ensembleThreshold = 0.0;

        /**
         * @return the kernel's configuration.
         * @throws IllegalArgumentException naming a bad value.
         */
        public io.ticktape.kernel.KernelConfiguration toConfiguration()
        {
            final long[] windowsNs = new long[priceWindows.size()];
            for (int i = 0; i < windowsNs.length; i++)
            {
                windowsNs[i] = Durations.parseNs(priceWindows.get(i));
            }
            final double[] weights = new double[ensembleWeights.size()];
            for (int i = 0; i < weights.length; i++)
            {
                weights[i] = ensembleWeights.get(i);
            }
            return new io.ticktape.kernel.KernelConfiguration(
                enabled, windowsNs, Durations.parseNs(statsWindow), countWindow, windowCapacity, ewmaLambda,
                returnWarmup, Durations.parseNs(realizedVolWindow), Durations.parseNs(rollingVwapWindow),
                volumeBarThreshold, tickBarThreshold, notionalBarThreshold, hampelWindow, hampelMinMadTicks,
                Durations.parseNs(volumeSpikeWindow), spreadMedianWindow, Durations.parseNs(staleBudget), weights,
                zScoreThreshold, hampelThreshold, volumeSpikeThreshold, spreadBlowoutThreshold, ensembleThreshold);
        }

        void withDefaults()
        {
            final KernelSettings defaults = new KernelSettings();
            priceWindows = null == priceWindows || priceWindows.isEmpty() ? defaults.priceWindows : priceWindows;
            statsWindow = null == statsWindow ? defaults.statsWindow : statsWindow;
            realizedVolWindow = null == realizedVolWindow ? defaults.realizedVolWindow : realizedVolWindow;
            rollingVwapWindow = null == rollingVwapWindow ? defaults.rollingVwapWindow : rollingVwapWindow;
            volumeSpikeWindow = null == volumeSpikeWindow ? defaults.volumeSpikeWindow : volumeSpikeWindow;
            staleBudget = null == staleBudget ? defaults.staleBudget : staleBudget;
            ensembleWeights = null == ensembleWeights || ensembleWeights.isEmpty() ?
                defaults.ensembleWeights : ensembleWeights;
        }
    }

    /**
     * Time bars (see {@code io.ticktape.kernel.BarConfiguration}): {@code maxFillBars} 0 skips empty intervals, above
     * 0 fills that many per gap with the previous close; {@code progressInterval} above 0 publishes in-progress bars at
     * most that often in tick time; trades up to {@code maxLateness} behind the kernel's clock revise their bars.
     */
    public static final class BarSettings extends SelfDescribingMarshallable
    {
        /** 0: skip empty intervals; above 0: fill up to this many per gap with the previous close. */
        public int maxFillBars = 0;
        /** Least tick time between in-progress snapshots of a bar ({@code 0s}: none). */
        public String progressInterval = "0s";
        /** How far behind the kernel's clock a trade may be and still revise its bars. */
        public String maxLateness = "10s";

        /**
         * @return the kernel's bar configuration.
         * @throws IllegalArgumentException naming a bad value.
         */
        public io.ticktape.kernel.BarConfiguration toConfiguration()
        {
            return new io.ticktape.kernel.BarConfiguration(
                maxFillBars, Durations.parseNs(progressInterval), Durations.parseNs(maxLateness));
        }

        void withDefaults()
        {
            final BarSettings defaults = new BarSettings();
            progressInterval = null == progressInterval ? defaults.progressInterval : progressInterval;
            maxLateness = null == maxLateness ? defaults.maxLateness : maxLateness;
        }
    }

    /**
     * @return the VWAP session calendar: {@link #sessionOffset} after midnight in {@link #sessionTimeZone}.
     * @throws IllegalArgumentException naming a bad zone or offset.
     */
    public io.ticktape.kernel.SessionCalendar sessionCalendar()
    {
        final long offsetNs = Durations.parseNs(sessionOffset);
        final java.time.ZoneId zone;
        try
        {
            zone = java.time.ZoneId.of(sessionTimeZone);
        }
        catch (final java.time.DateTimeException ex)
        {
            throw new IllegalArgumentException("invalid sessionTimeZone '" + sessionTimeZone + "': " + ex.getMessage());
        }
        if (zone.getRules().isFixedOffset() && zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() == 0)
        {
            return io.ticktape.kernel.SessionCalendar.fixedLength(
                io.ticktape.kernel.AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS, offsetNs);
        }
        return new io.ticktape.kernel.SessionCalendar(zone, java.time.LocalTime.ofNanoOfDay(
            Math.floorMod(offsetNs, io.ticktape.kernel.AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS)));
    }

    /**
     * The simulated feed's settings.
     */
    public static final class SimulatorConfig extends SelfDescribingMarshallable
    {
        /** Whether the engine runs the simulator as its feed. */
        public boolean enabled = true;
        /** Number of instruments. */
        public int instruments = 50;
        /** Mean messages per second in exchange time (Poisson arrivals). */
        public long rate = 250_000;
        /** Send frames at the pace of their exchange timestamps; false sends as fast as the ring takes them. */
        public boolean paced = true;
        /** Random seed: the same seed gives the same ticks. */
        public long seed = 42;
        /** Channel id written into frames. */
        public int channelId = 1;
        /** Stop after this many messages (definitions included); 0 for no limit. */
        public long maxMessages = 0;
        /** Lines the simulated exchange publishes each frame on (A and B), for the arbitrator to merge. */
        public int lines = 2;
        /** Probability that a line loses a frame, each line independently: both losing one makes a gap. */
        public double lineLoss = 0;
        /** Mean exchange time between price shocks (a 2-4 % jump, now and then a crossed quote); 0s: none. */
        public String shockInterval = "3s";
    }

    /**
     * The dashboard's settings (see {@code io.ticktape.engine.dashboard.Dashboard}).
     */
    public static final class DashboardSettings extends SelfDescribingMarshallable
    {
        /** Serve the dashboard and /metrics. */
        public boolean enabled = true;
        /** Address to bind: loopback by default, the page has no authentication. */
        public String host = "127.0.0.1";
        /** TCP port; 0 for an ephemeral one. If the port is taken the dashboard falls back to an ephemeral one. */
        public int port = 8080;
        /** How often the dashboard samples latency, throughput and counters. */
        public String sampleInterval = "1s";
        /** Samples kept for the page's charts (and sent to a page when it connects). */
        public int historySamples = 300;
    }

    /**
     * Read a configuration file.
     *
     * @param file YAML file.
     * @return the configuration, defaults filled in for fields the file leaves out.
     * @throws IllegalArgumentException with the file name and the problem.
     */
    public static EngineConfig load(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read config " + file + ": " + ex.getMessage());
        }
        try
        {
            final EngineConfig config = Marshallable.fromString(EngineConfig.class, text);
            if (null == config)
            {
                throw new IllegalArgumentException("it is empty");
            }
            return config.withDefaults().validate();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("invalid config " + file + ": " + ex.getMessage());
        }
    }

    /**
     * Chronicle Wire leaves fields the file does not name as null (collections, nested objects): put the defaults
     * back.
     *
     * @return this.
     */
    public EngineConfig withDefaults()
    {
        final EngineConfig defaults = new EngineConfig();
        dataDir = null == dataDir ? defaults.dataDir : dataDir;
        aeronDir = null == aeronDir ? defaults.aeronDir : aeronDir;
        embeddedAeronDir = null == embeddedAeronDir ? defaults.embeddedAeronDir : embeddedAeronDir;
        channel = null == channel ? defaults.channel : channel;
        profile = null == profile ? defaults.profile : profile;
        waitStrategy = null == waitStrategy ? defaults.waitStrategy : waitStrategy;
        idleStrategy = null == idleStrategy ? defaults.idleStrategy : idleStrategy;
        cpus = null == cpus ? defaults.cpus : cpus;
        rollCycle = null == rollCycle ? defaults.rollCycle : rollCycle;
        barIntervals = null == barIntervals || barIntervals.isEmpty() ? defaults.barIntervals : barIntervals;
        sessionOffset = null == sessionOffset ? defaults.sessionOffset : sessionOffset;
        sessionTimeZone = null == sessionTimeZone ? defaults.sessionTimeZone : sessionTimeZone;
        timerInterval = null == timerInterval ? defaults.timerInterval : timerInterval;
        timerGrace = null == timerGrace ? defaults.timerGrace : timerGrace;
        bars = null == bars ? defaults.bars : bars;
        bars.withDefaults();
        backPressureTimeout = null == backPressureTimeout ? defaults.backPressureTimeout : backPressureTimeout;
        awaitSubscribersTimeout = null == awaitSubscribersTimeout ?
            defaults.awaitSubscribersTimeout : awaitSubscribersTimeout;
        simulator = null == simulator ? defaults.simulator : simulator;
        simulator.shockInterval = null == simulator.shockInterval ? defaults.simulator.shockInterval :
            simulator.shockInterval;
        arbitration = null == arbitration ? defaults.arbitration : arbitration;
        kernel = null == kernel ? defaults.kernel : kernel;
        kernel.withDefaults();
        arbitration.window = null == arbitration.window ? defaults.arbitration.window : arbitration.window;
        arbitration.staleAfter = null == arbitration.staleAfter ?
            defaults.arbitration.staleAfter : arbitration.staleAfter;
        feeds = null == feeds ? defaults.feeds : feeds;
        history = null == history ? defaults.history : history;
        history.flushInterval = null == history.flushInterval ? defaults.history.flushInterval : history.flushInterval;
        alerts = null == alerts ? defaults.alerts : alerts;
        alerts.withDefaults();
        for (final FeedConfig feed : feeds)
        {
            feed.withDefaults();
        }
        dashboard = null == dashboard ? defaults.dashboard : dashboard;
        dashboard.host = null == dashboard.host ? defaults.dashboard.host : dashboard.host;
        dashboard.sampleInterval = null == dashboard.sampleInterval ?
            defaults.dashboard.sampleInterval : dashboard.sampleInterval;
        return this;
    }

    /**
     * Check every value, since Wire reads a malformed number as zero rather than failing.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad field.
     */
    public EngineConfig validate()
    {
        EngineProfile.conclude(this, Integer.MAX_VALUE);
        if (ticksStreamId == 0 || analyticsStreamId == 0 || ticksStreamId == analyticsStreamId)
        {
            throw new IllegalArgumentException("ticksStreamId and analyticsStreamId must be distinct and non-zero");
        }
        if (!channel.startsWith("aeron:"))
        {
            throw new IllegalArgumentException("channel must be an Aeron channel (aeron:ipc, aeron:udp?...): " +
                channel);
        }
        io.ticktape.store.Journal.rollCycle(rollCycle);
        for (final String interval : barIntervals)
        {
            if (Durations.parseNs(interval) <= 0)
            {
                throw new IllegalArgumentException("bar interval must be positive: " + interval);
            }
        }
        sessionCalendar();
        if (Durations.parseNs(timerInterval) < 0 || Durations.parseNs(timerGrace) < 0)
        {
            throw new IllegalArgumentException("timerInterval and timerGrace must not be negative: " + timerInterval +
                ", " + timerGrace);
        }
        final io.ticktape.kernel.BarConfiguration barConfiguration = bars.toConfiguration();
        for (final String interval : barIntervals)
        {
            barConfiguration.historyBars(Durations.parseNs(interval));
        }
        Durations.parseNs(backPressureTimeout);
        Durations.parseNs(awaitSubscribersTimeout);
        if (simulator.instruments < 1)
        {
            throw new IllegalArgumentException("simulator.instruments must be at least 1: " + simulator.instruments);
        }
        if (simulator.rate <= 0)
        {
            throw new IllegalArgumentException("simulator.rate must be positive: " + simulator.rate);
        }
        if (simulator.lines < 1 || !(simulator.lineLoss >= 0 && simulator.lineLoss < 1))
        {
            throw new IllegalArgumentException("simulator.lines must be at least 1 and lineLoss in [0, 1): " +
                simulator.lines + ", " + simulator.lineLoss);
        }
        if (Durations.parseNs(simulator.shockInterval) < 0)
        {
            throw new IllegalArgumentException("simulator.shockInterval must not be negative");
        }
        if (simulator.maxMessages < 0)
        {
            throw new IllegalArgumentException("simulator.maxMessages must not be negative: " + simulator.maxMessages);
        }
        arbitration.toConfig();
        kernel.toConfiguration();
        if (Durations.parseNs(history.flushInterval) < 0 || history.blockRows < 16 || history.blockRows > 1 << 20)
        {
            throw new IllegalArgumentException("history.flushInterval must not be negative and history.blockRows " +
                "in [16, 1048576]: " + history.flushInterval + ", " + history.blockRows);
        }
        alerts.validate();
        if (dashboard.port < 0 || dashboard.port > 65535)
        {
            throw new IllegalArgumentException("dashboard.port must be 0..65535: " + dashboard.port);
        }
        if (Durations.parseNs(dashboard.sampleInterval) < 10_000_000L || dashboard.historySamples < 1)
        {
            throw new IllegalArgumentException("dashboard.sampleInterval must be at least 10ms and historySamples " +
                "at least 1: " + dashboard.sampleInterval + ", " + dashboard.historySamples);
        }
        for (final FeedConfig feed : feeds)
        {
            feed.validate();
            io.ticktape.feed.FeedFormat.of(feed.format);
        }
        return this;
    }
}
