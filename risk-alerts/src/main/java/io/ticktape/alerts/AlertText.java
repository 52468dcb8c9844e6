package io.ticktape.alerts;

import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.AlertSubject;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.time.Instant;
import java.util.Locale;

/**
 * One-line text and JSON forms of an alert, for the log, {@code tail}, {@code ticktape alerts} and webhooks (control
 * paths: these allocate).
 */
public final class AlertText
{
    private AlertText()
    {
    }

    /**
     * @param buffer holding an encoded AlertEvent, header included.
     * @param offset of the header.
     * @param length of the message.
     * @param into   decoder to use.
     * @return the decoder wrapped on the message, or null if it is not a whole AlertEvent.
     */
    public static AlertEventDecoder decode(
        final DirectBuffer buffer, final int offset, final int length, final AlertEventDecoder into)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int fixed = MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() +
            AlertEventDecoder.ruleHeaderLength();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH || header.schemaId() != AlertEventDecoder.SCHEMA_ID ||
            header.templateId() != AlertEventDecoder.TEMPLATE_ID || header.blockLength() < AlertEventDecoder.BLOCK_LENGTH ||
            fixed > length)
        {
            return null;
        }
        into.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return into;
    }

    /**
     * @param alert a decoded alert (its rule name is read, so read nothing else after this).
     * @return one line.
     */
    public static String line(final AlertEventDecoder alert)
    {
        final long id = alert.alertId();
        final String state = String.valueOf(alert.state());
        final String severity = String.valueOf(alert.severity());
        final String metric = String.valueOf(alert.metric());
        final String subject = subject(alert);
        final long seq = alert.globalSeq();
        final long timeNs = alert.tickTimeNs();
        final long raisedSeq = alert.raisedGlobalSeq();
        final double value = alert.value();
        final double peak = alert.peakValue();
        final double raise = alert.raiseAbove();
        final double clear = alert.clearBelow();
        final long suppressed = alert.suppressedUpdates();
        final String rule = alert.rule();
        return String.format(Locale.ROOT, "alert %s id=%d rule=%s severity=%s metric=%s %s value=%s raise>=%s " +
            "clear<%s seq=%d time=%s raised_seq=%d peak=%s suppressed=%d",
            state, id, rule, severity, metric, subject, number(value), number(raise), number(clear), seq,
            time(timeNs), raisedSeq, number(peak), suppressed);
    }

    /**
     * @param alert a decoded alert (its rule name is read, so read nothing else after this).
     * @return a JSON object.
     */
    public static String json(final AlertEventDecoder alert)
    {
        final StringBuilder json = new StringBuilder(384);
        json.append("{\"alertId\":").append(alert.alertId())
            .append(",\"state\":\"").append(alert.state()).append('"')
            .append(",\"severity\":\"").append(alert.severity()).append('"')
            .append(",\"metric\":\"").append(alert.metric()).append('"')
            .append(",\"subjectType\":\"").append(alert.subjectType()).append('"')
            .append(",\"subjectId\":").append(alert.subjectId())
            .append(",\"symbol\":\"").append(escape(alert.symbol().trim())).append('"')
            .append(",\"globalSeq\":").append(alert.globalSeq())
            .append(",\"tickTimeNs\":").append(alert.tickTimeNs())
            .append(",\"raisedGlobalSeq\":").append(alert.raisedGlobalSeq())
            .append(",\"raisedTimeNs\":").append(alert.raisedTimeNs())
            .append(",\"value\":").append(jsonNumber(alert.value()))
            .append(",\"peakValue\":").append(jsonNumber(alert.peakValue()))
            .append(",\"raiseAbove\":").append(jsonNumber(alert.raiseAbove()))
            .append(",\"clearBelow\":").append(jsonNumber(alert.clearBelow()))
            .append(",\"suppressedUpdates\":").append(alert.suppressedUpdates())
            .append(",\"rule\":\"").append(escape(alert.rule())).append("\"}");
        return json.toString();
    }

    private static String subject(final AlertEventDecoder alert)
    {
        final AlertSubject type = alert.subjectType();
        if (type == AlertSubject.INSTRUMENT)
        {
            final String symbol = alert.symbol().trim();
            return "instrument=" + alert.subjectId() + (symbol.isEmpty() ? "" : " symbol=" + symbol);
        }
        if (type == AlertSubject.CHANNEL)
        {
            return "channel=" + alert.subjectId();
        }
        return "system";
    }

    private static String number(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.6g", value);
    }

    private static String jsonNumber(final double value)
    {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }

    private static String time(final long epochNs)
    {
        return epochNs <= 0 ? Long.toString(epochNs) : Instant.ofEpochSecond(0, epochNs).toString();
    }

    private static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0)
            {
                if (c != 0)
                {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                }
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }
}
