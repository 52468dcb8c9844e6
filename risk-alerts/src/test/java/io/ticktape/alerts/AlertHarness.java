package io.ticktape.alerts;

import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.AnomalyKind;
import io.ticktape.protocol.sbe.AnomalyScoreDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.StatisticsDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * A real kernel whose sink is an {@link AlertEvaluator}; records the alerts and, independently, what the kernel
 * published (so tests can name the tick that carried a value without trusting the evaluator).
 */
final class AlertHarness
{
    final Counters counters = new Counters();
    final List<Alert> alerts = new ArrayList<>();
    final List<long[]> staleScores = new ArrayList<>();
    final List<double[]> firstWindowStats = new ArrayList<>();
    final AlertEvaluator evaluator;
    final AnalyticsKernel kernel;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AnomalyScoreDecoder anomaly = new AnomalyScoreDecoder();
    private final StatisticsDecoder statistics = new StatisticsDecoder();
    private final AlertEventDecoder alertDecoder = new AlertEventDecoder();

    record Alert(
        long id, String state, String rule, String metric, long subjectId, long seq, long timeNs, double value,
        long raisedSeq, long suppressed)
    {
        @Override
        public String toString()
        {
            return state + " " + rule + " subject=" + subjectId + " seq=" + seq + " value=" + value;
        }
    }

    AlertHarness(final String rulesYaml)
    {
        this(rulesYaml, KernelConfiguration.defaults());
    }

    AlertHarness(final String rulesYaml, final KernelConfiguration configuration)
    {
        final CompiledRules rules = RuleLoader.parse(rulesYaml, "test.yaml", new RuleContext(configuration));
        evaluator = new AlertEvaluator(this::onKernelOutput, this::onAlert, rules, counters);
        kernel = new AnalyticsKernel(AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS, AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS,
            0, evaluator, SystemNanoClock.INSTANCE, null, counters, configuration);
    }

    void feed(final Tick tick)
    {
        kernel.onTick(tick);
    }

    List<Alert> alerts(final String state)
    {
        return alerts.stream().filter(a -> a.state.equals(state)).toList();
    }

    private void onKernelOutput(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == AnomalyScoreDecoder.TEMPLATE_ID)
        {
            anomaly.wrap(buffer, body, header.blockLength(), header.version());
            if (anomaly.kind() == AnomalyKind.STALE)
            {
                staleScores.add(new long[] { anomaly.envelope().globalSeq(), anomaly.instrumentId() });
            }
        }
        else if (header.templateId() == StatisticsDecoder.TEMPLATE_ID)
        {
            statistics.wrap(buffer, body, header.blockLength(), header.version());
            final long seq = statistics.envelope().globalSeq();
            for (final StatisticsDecoder.PriceWindowsDecoder window : statistics.priceWindows())
            {
                firstWindowStats.add(new double[] { seq, window.minMantissa(), window.maxMantissa(), window.mean() });
                break;
            }
        }
    }

    private void onAlert(final DirectBuffer buffer, final int offset, final int length)
    {
        final AlertEventDecoder a = AlertText.decode(buffer, offset, length, alertDecoder);
        final long id = a.alertId();
        final String state = a.state().name();
        final String metric = a.metric().name();
        final long subjectId = a.subjectId();
        final long seq = a.globalSeq();
        final long timeNs = a.tickTimeNs();
        final double value = a.value();
        final long raisedSeq = a.raisedGlobalSeq();
        final long suppressed = a.suppressedUpdates();
        alerts.add(new Alert(id, state, a.rule(), metric, subjectId, seq, timeNs, value, raisedSeq, suppressed));
    }
}
