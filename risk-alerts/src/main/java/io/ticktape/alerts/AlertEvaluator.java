package io.ticktape.alerts;

import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.sbe.AlertState;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates the instrument and channel rules on the kernel thread, where the values are produced: it is the kernel's
 * {@link AnalyticsSink}, passes every output on to the real sink, reads the values it needs from the encoded
 * messages with flyweights, and evaluates when the kernel reports a tick done ({@link #onTickDone}). Allocation-free
 * once an instrument or channel is known; a rule set published by another thread ({@link #rules(CompiledRules)}) is
 * taken up at the next tick through one volatile read.
 * <p>
 * Time is tick time: the latest exchange time the evaluator has seen, so a replay of the same ticks through the same
 * rules raises and clears the same alerts on the same global sequence numbers. An alert's id is the raising tick's
 * global sequence times 1024 plus its rank among alerts raised on that tick, unique across restarts because global
 * sequence numbers continue.
 * <pre>
 *  kernel thread: AnalyticsKernel --onAnalytics--> AlertEvaluator --onAnalytics--> downstream (Aeron analytics)
 *                                  --onTickDone-->        |  evaluate rules (RuleState per rule and subject)
 *                                                         +--AlertEvent--> AlertOutput (delivery inbox)
 * </pre>
 */
public final class AlertEvaluator implements AnalyticsSink
{
    /** Ids per tick: the lower half for the kernel thread, the upper for the health timer (beyond, they share). */
    static final int IDS_PER_TICK = 1024;

    private final AnalyticsSink downstream;
    private final AlertEventWriter writer;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final VwapUpdateDecoder vwapDecoder = new VwapUpdateDecoder();
    private final StatisticsDecoder statisticsDecoder = new StatisticsDecoder();
    private final AnomalyScoreDecoder anomalyDecoder = new AnomalyScoreDecoder();
    private final Int2ObjectHashMap<Subject> instruments = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Subject> channels = new Int2ObjectHashMap<>();
    private final List<Subject> instrumentList = new ArrayList<>();
    private final List<Subject> channelList = new ArrayList<>();
    private final AtomicCounter raisedCounter;
    private final AtomicCounter clearedCounter;
    private final AtomicCounter reloads;

    private volatile CompiledRules published;
    private CompiledRules active = CompiledRules.EMPTY;
    private Subject[] channelArray = new Subject[0];
    private boolean hasEventRules;

    private long latestTimeNs = Long.MIN_VALUE;
    private long lastSeq;
    private long rankSeq = Long.MIN_VALUE;
    private int rank;

    // Values of the tick being processed, read from the kernel's outputs.
    private boolean vwapSeen;
    private double vwapDeviationBps;
    private boolean statisticsSeen;
    private double ensemble;
    private final double[] priceMovePct = new double[KernelConfiguration.MAX_PRICE_WINDOWS];
    private double zScore;
    private double volumeSpike;
    private boolean crossed;
    private boolean locked;
    private int[] staleIds = new int[64];
    private int staleCount;

    /**
     * @param downstream receives every kernel output, unchanged.
     * @param output     receives encoded {@code AlertEvent}s.
     * @param rules      the initial rules.
     * @param counters   where {@code alerts.raised}, {@code alerts.cleared} and {@code alerts.rule_sets} live.
     */
    public AlertEvaluator(
        final AnalyticsSink downstream, final AlertOutput output, final CompiledRules rules, final Counters counters)
    {
        this.downstream = downstream;
        this.writer = new AlertEventWriter(output);
        this.published = rules;
        raisedCounter = counters.newCounter("alerts.raised");
        clearedCounter = counters.newCounter("alerts.cleared");
        reloads = counters.newCounter("alerts.rule_sets");
        resetTick();
    }

    /**
     * Publish a new rule set (any thread): the kernel thread takes it up at its next tick. Alerts of rules that are
     * gone or changed are cleared then; unchanged rules keep their state.
     *
     * @param rules the new rules.
     */
    public void rules(final CompiledRules rules)
    {
        published = rules;
    }

    /**
     * @return the rule set published most recently.
     */
    public CompiledRules rules()
    {
        return published;
    }

    @Override
    public void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
    {
        downstream.onAnalytics(buffer, offset, length);
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case VwapUpdateDecoder.TEMPLATE_ID:
                onVwap(vwapDecoder.wrap(buffer, body, blockLength, version));
                break;

            case StatisticsDecoder.TEMPLATE_ID:
                onStatistics(statisticsDecoder.wrap(buffer, body, blockLength, version));
                break;

            case AnomalyScoreDecoder.TEMPLATE_ID:
                onAnomaly(anomalyDecoder.wrap(buffer, body, blockLength, version));
                break;

            default:
                break;
        }
    }

    private void onVwap(final VwapUpdateDecoder vwap)
    {
        final double value = vwap.vwap();
        vwapSeen = true;
        vwapDeviationBps = value != 0 && Double.isFinite(value) ?
            1e4 * Math.abs(vwap.lastPriceMantissa() - value) / Math.abs(value) : Double.NaN;
    }

    private void onStatistics(final StatisticsDecoder statistics)
    {
        statisticsSeen = true;
        ensemble = statistics.ensembleScore();
        int i = 0;
        for (final StatisticsDecoder.PriceWindowsDecoder window : statistics.priceWindows())
        {
            if (i < priceMovePct.length)
            {
                final double mean = window.mean();
                priceMovePct[i] = window.sampleCount() > 0 && mean != 0 && Double.isFinite(mean) ?
                    100.0 * ((double)window.maxMantissa() - (double)window.minMantissa()) / Math.abs(mean) :
                    Double.NaN;
            }
            i++;
        }
    }

    private void onAnomaly(final AnomalyScoreDecoder anomaly)
    {
        switch (anomaly.kind())
        {
            case RETURN_ZSCORE:
                zScore = Math.abs(anomaly.score());
                break;

            case VOLUME_SPIKE:
                volumeSpike = anomaly.score();
                break;

            case CROSSED_QUOTE:
                crossed = true;
                break;

            case LOCKED_QUOTE:
                locked = true;
                break;

            case STALE:
                if (staleCount == staleIds.length)
                {
                    staleIds = Arrays.copyOf(staleIds, staleIds.length * 2);
                }
                staleIds[staleCount++] = (int)anomaly.instrumentId();
                break;

            default:
                break;
        }
    }

    @Override
    public void onTickDone(final Tick tick)
    {
        final CompiledRules rules = published;
        if (rules != active)
        {
            swap(rules, tick.globalSeq);
        }
        lastSeq = tick.globalSeq;
        switch (tick.type)
        {
            case TickType.TRADE:
                advance(tick.exchangeTimeNs);
                onTrade(tick);
                break;

            case TickType.QUOTE:
                advance(tick.exchangeTimeNs);
                onQuote(tick);
                break;

            case TickType.INSTRUMENT:
                define(tick);
                break;

            case TickType.GAP:
                sampleChannel(tick, Metric.FEED_GAP, (double)(tick.gapToLineSeq - tick.lineSeq + 1));
                break;

            case TickType.CHANNEL_STATUS:
                sampleChannel(tick, Metric.STALE_CHANNEL, tick.channelStale ? 1.0 : 0.0);
                break;

            default:
                break;
        }
        for (int i = 0; i < staleCount; i++)
        {
            final Subject subject = instrument(staleIds[i]);
            sampleOne(subject, Metric.STALE_INSTRUMENT, 1.0, tick.globalSeq);
        }
        if (hasEventRules)
        {
            expireEvents(tick.globalSeq);
        }
        resetTick();
    }

    private void onTrade(final Tick tick)
    {
        if (!vwapSeen)
        {
            return; // refused by the kernel (invalid or late): it changed nothing, so nothing to evaluate
        }
        final Subject subject = instrument(tick.instrumentId);
        final CompiledRule[] rules = subject.rules;
        for (int i = 0; i < rules.length; i++)
        {
            final CompiledRule rule = rules[i];
            final double value;
            switch (rule.metric)
            {
                case PRICE_MOVE_PCT:
                    value = statisticsSeen ? priceMovePct[rule.windowIndex] : Double.NaN;
                    break;
                case RETURN_ZSCORE:
                    value = statisticsSeen ? zScore : Double.NaN;
                    break;
                case ENSEMBLE:
                    value = statisticsSeen ? ensemble : Double.NaN;
                    break;
                case VOLUME_SPIKE:
                    value = statisticsSeen ? volumeSpike : Double.NaN;
                    break;
                case VWAP_DEVIATION_BPS:
                    value = vwapDeviationBps;
                    break;
                case STALE_INSTRUMENT:
                    value = statisticsSeen ? 0.0 : Double.NaN;
                    break;
                default:
                    value = Double.NaN;
                    break;
            }
            sample(subject, i, tick.globalSeq, value);
        }
    }

    private void onQuote(final Tick tick)
    {
        final Subject subject = instrument(tick.instrumentId);
        final CompiledRule[] rules = subject.rules;
        for (int i = 0; i < rules.length; i++)
        {
            final CompiledRule rule = rules[i];
            final double value;
            switch (rule.metric)
            {
                case SPREAD_BPS:
                    value = spreadBps(tick);
                    break;
                case CROSSED_QUOTE:
                    value = crossed ? 1.0 : 0.0;
                    break;
                case LOCKED_QUOTE:
                    value = locked ? 1.0 : 0.0;
                    break;
                case STALE_INSTRUMENT:
                    value = 0.0;
                    break;
                default:
                    value = Double.NaN;
                    break;
            }
            sample(subject, i, tick.globalSeq, value);
        }
    }

    private static double spreadBps(final Tick tick)
    {
        if (tick.bidSize <= 0 || tick.askSize <= 0)
        {
            return Double.NaN;
        }
        final double mid = ((double)tick.bidPriceMantissa + (double)tick.askPriceMantissa) / 2;
        return mid > 0 ? 1e4 * ((double)tick.askPriceMantissa - (double)tick.bidPriceMantissa) / mid : Double.NaN;
    }

    private void sampleChannel(final Tick tick, final Metric metric, final double value)
    {
        Subject subject = channels.get(tick.channelId);
        if (null == subject)
        {
            subject = new Subject(tick.channelId, false);
            subject.bind(active.channelRules);
            channels.put(tick.channelId, subject);
            channelList.add(subject);
            channelArray = channelList.toArray(new Subject[0]);
        }
        sampleOne(subject, metric, value, tick.globalSeq);
    }

    private void sampleOne(final Subject subject, final Metric metric, final double value, final long seq)
    {
        final CompiledRule[] rules = subject.rules;
        for (int i = 0; i < rules.length; i++)
        {
            if (rules[i].metric == metric)
            {
                sample(subject, i, seq, value);
            }
        }
    }

    private void sample(final Subject subject, final int i, final long seq, final double value)
    {
        final CompiledRule rule = subject.rules[i];
        final RuleState state = subject.states[i];
        final long timeNs = timeNs();
        final int transition = state.onSample(rule, timeNs, value);
        if (transition == RuleState.RAISE)
        {
            state.raised(nextId(seq), seq);
            writer.write(AlertState.RAISED, rule, state, subject.id, subject.symbol, seq, timeNs, value);
            raisedCounter.incrementRelease();
        }
        else if (transition == RuleState.CLEAR)
        {
            writer.write(AlertState.CLEARED, rule, state, subject.id, subject.symbol, seq, timeNs, value);
            clearedCounter.incrementRelease();
        }
    }

    private void expireEvents(final long seq)
    {
        final long timeNs = timeNs();
        for (final Subject subject : channelArray)
        {
            final CompiledRule[] rules = subject.rules;
            for (int i = 0; i < rules.length; i++)
            {
                final RuleState state = subject.states[i];
                if (state.onTime(rules[i], timeNs) == RuleState.CLEAR)
                {
                    writer.write(AlertState.CLEARED, rules[i], state, subject.id, subject.symbol, seq, timeNs, 0.0);
                    clearedCounter.incrementRelease();
                }
            }
        }
    }

    private long nextId(final long seq)
    {
        if (seq != rankSeq)
        {
            rankSeq = seq;
            rank = 0;
        }
        final long id = seq * IDS_PER_TICK + Math.min(rank, IDS_PER_TICK / 2 - 1);
        rank++;
        return id;
    }

    private void advance(final long exchangeTimeNs)
    {
        if (exchangeTimeNs > latestTimeNs)
        {
            latestTimeNs = exchangeTimeNs;
        }
    }

    private long timeNs()
    {
        return latestTimeNs == Long.MIN_VALUE ? 0 : latestTimeNs;
    }

    private Subject instrument(final int instrumentId)
    {
        Subject subject = instruments.get(instrumentId);
        if (null == subject)
        {
            // Control path: first sight of an instrument (before its definition it matches only "all" rules).
            subject = new Subject(instrumentId, true);
            subject.bind(active.instrumentRules);
            instruments.put(instrumentId, subject);
            instrumentList.add(subject);
        }
        return subject;
    }

    private void define(final Tick tick)
    {
        final Subject subject = instrument(tick.instrumentId);
        final String symbol = new String(tick.symbol, 0, tick.symbolLength, StandardCharsets.US_ASCII);
        if (!symbol.equals(subject.symbolText))
        {
            System.arraycopy(tick.symbol, 0, subject.symbol, 0, Tick.SYMBOL_CAPACITY);
            subject.symbolText = symbol;
            rebind(subject, active.instrumentRules, tick.globalSeq);
        }
    }

    private void swap(final CompiledRules rules, final long seq)
    {
        active = rules;
        for (final Subject subject : instrumentList)
        {
            rebind(subject, rules.instrumentRules, seq);
        }
        for (final Subject subject : channelList)
        {
            rebind(subject, rules.channelRules, seq);
        }
        hasEventRules = false;
        for (final CompiledRule rule : rules.channelRules)
        {
            hasEventRules |= rule.metric.kind() == Metric.Kind.EVENT;
        }
        reloads.incrementRelease();
    }

    private void rebind(final Subject subject, final CompiledRule[] rules, final long seq)
    {
        final CompiledRule[] oldRules = subject.rules;
        final RuleState[] oldStates = subject.states;
        subject.bind(rules);
        final boolean[] kept = new boolean[oldRules.length];
        for (int i = 0; i < subject.rules.length; i++)
        {
            for (int j = 0; j < oldRules.length; j++)
            {
                if (!kept[j] && subject.rules[i].sameAs(oldRules[j]))
                {
                    subject.states[i].copyFrom(oldStates[j]);
                    kept[j] = true;
                    break;
                }
            }
        }
        for (int j = 0; j < oldRules.length; j++)
        {
            if (!kept[j] && oldStates[j].isRaised())
            {
                // The rule is gone or changed: its alert cannot clear by itself any more.
                writer.write(AlertState.CLEARED, oldRules[j], oldStates[j], subject.id, subject.symbol, seq,
                    timeNs(), Double.NaN);
                clearedCounter.incrementRelease();
            }
        }
    }

    private void resetTick()
    {
        vwapSeen = false;
        vwapDeviationBps = Double.NaN;
        statisticsSeen = false;
        ensemble = Double.NaN;
        Arrays.fill(priceMovePct, Double.NaN);
        zScore = 0.0;
        volumeSpike = 0.0;
        crossed = false;
        locked = false;
        staleCount = 0;
    }

    /**
     * @return the global sequence of the last tick evaluated.
     */
    public long lastGlobalSeq()
    {
        return lastSeq;
    }

    /**
     * A subject of rules: an instrument or a channel, with the rules that watch it and their states.
     */
    private static final class Subject
    {
        final int id;
        final boolean instrument;
        final byte[] symbol = new byte[Tick.SYMBOL_CAPACITY];
        String symbolText = "";
        CompiledRule[] rules = new CompiledRule[0];
        RuleState[] states = new RuleState[0];

        Subject(final int id, final boolean instrument)
        {
            this.id = id;
            this.instrument = instrument;
        }

        void bind(final CompiledRule[] candidates)
        {
            final List<CompiledRule> matching = new ArrayList<>();
            for (final CompiledRule rule : candidates)
            {
                if (!instrument || rule.matches(symbolText))
                {
                    matching.add(rule);
                }
            }
            rules = matching.toArray(new CompiledRule[0]);
            states = new RuleState[rules.length];
            for (int i = 0; i < states.length; i++)
            {
                states[i] = new RuleState();
            }
        }
    }
}
