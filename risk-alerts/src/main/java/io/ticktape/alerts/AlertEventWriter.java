package io.ticktape.alerts;

import io.ticktape.protocol.sbe.AlertEventEncoder;
import io.ticktape.protocol.sbe.AlertState;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes one lifecycle transition into a reused buffer and hands it to the output. One per evaluating thread.
 */
final class AlertEventWriter
{
    private static final int CAPACITY = 1024;
    private static final int MAX_RULE_NAME = CAPACITY - MessageHeaderEncoder.ENCODED_LENGTH -
        AlertEventEncoder.BLOCK_LENGTH - AlertEventEncoder.ruleHeaderLength();
    private static final byte[] NO_SYMBOL = new byte[Tick.SYMBOL_CAPACITY];

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AlertEventEncoder encoder = new AlertEventEncoder();
    private final AlertOutput output;

    AlertEventWriter(final AlertOutput output)
    {
        this.output = output;
    }

    void write(
        final AlertState alertState,
        final CompiledRule rule,
        final RuleState state,
        final long subjectId,
        final byte[] symbol,
        final long globalSeq,
        final long timeNs,
        final double value)
    {
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .alertId(state.alertId)
            .state(alertState)
            .severity(rule.severity)
            .metric(rule.metric.code())
            .subjectType(rule.metric.subject())
            .subjectId(subjectId)
            .globalSeq(globalSeq)
            .tickTimeNs(timeNs)
            .raisedGlobalSeq(state.raisedSeq)
            .raisedTimeNs(state.raisedTimeNs)
            .value(value)
            .peakValue(state.peak)
            .raiseAbove(rule.raiseAbove)
            .clearBelow(rule.clearBelow)
            .suppressedUpdates(state.suppressed)
            .putSymbol(null == symbol ? NO_SYMBOL : symbol, 0)
            .putRule(rule.nameBytes, 0, Math.min(rule.nameBytes.length, MAX_RULE_NAME));
        output.onAlert(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }
}
