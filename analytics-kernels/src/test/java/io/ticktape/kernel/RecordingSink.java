package io.ticktape.kernel;

import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.EnvelopeDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every kernel output with the generated SBE decoders (from a copy: the kernel reuses its buffer).
 */
final class RecordingSink implements AnalyticsSink
{
    /** A decoded Bar. */
    record BarView(
        long globalSeq, int instrumentId, long intervalNs, long openTimeNs, long open, long high, long low, long close,
        long volume, long tradeCount, double vwap, long firstTradeNs, long lastTradeNs, int priceExponent,
        int revision, boolean closed)
    {
    }

    /** A decoded VwapUpdate with its envelope. */
    record VwapView(
        long globalSeq, int channelId, long lineSeq, long receiveNs, long sequencedNs, int instrumentId,
        long sessionStartNs, double vwap, long volume, long tradeCount, long lastPrice, int priceExponent)
    {
    }

    final List<Object> outputs = new ArrayList<>();
    final List<Long> emittedNs = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final VwapUpdateDecoder vwap = new VwapUpdateDecoder();

    @Override
    public void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
        copy.putBytes(0, buffer, offset, length);
        header.wrap(copy, 0);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw new AssertionError("foreign schema " + header.schemaId());
        }
        switch (header.templateId())
        {
            case BarDecoder.TEMPLATE_ID:
            {
                bar.wrapAndApplyHeader(copy, 0, header);
                if (MessageHeaderDecoder.ENCODED_LENGTH + bar.sbeBlockLength() != length)
                {
                    throw new AssertionError("bar length " + length);
                }
                final EnvelopeDecoder envelope = bar.envelope();
                emittedNs.add(envelope.emittedNs());
                outputs.add(new BarView(envelope.globalSeq(), (int)bar.instrumentId(), bar.intervalNs(),
                    bar.openTimeNs(), bar.openMantissa(), bar.highMantissa(), bar.lowMantissa(), bar.closeMantissa(),
                    bar.volume(), bar.tradeCount(), bar.vwap(), bar.firstTradeNs(), bar.lastTradeNs(),
                    bar.priceExponent(), bar.revision(), bar.closed() == BooleanType.TRUE));
                if (bar.closed() == BooleanType.NULL_VAL)
                {
                    throw new AssertionError("closed flag not a BooleanType: " + bar.closedRaw());
                }
                break;
            }
            case VwapUpdateDecoder.TEMPLATE_ID:
            {
                vwap.wrapAndApplyHeader(copy, 0, header);
                if (MessageHeaderDecoder.ENCODED_LENGTH + vwap.sbeBlockLength() != length)
                {
                    throw new AssertionError("vwap length " + length);
                }
                final EnvelopeDecoder envelope = vwap.envelope();
                emittedNs.add(envelope.emittedNs());
                outputs.add(new VwapView(envelope.globalSeq(), envelope.channelId(), envelope.lineSeq(),
                    envelope.receiveNs(), envelope.sequencedNs(), (int)vwap.instrumentId(), vwap.sessionStartNs(),
                    vwap.vwap(), vwap.volume(), vwap.tradeCount(), vwap.lastPriceMantissa(), vwap.priceExponent()));
                break;
            }
            default:
                throw new AssertionError("unexpected template " + header.templateId());
        }
    }

    List<BarView> bars()
    {
        final List<BarView> bars = new ArrayList<>();
        for (final Object output : outputs)
        {
            if (output instanceof BarView)
            {
                bars.add((BarView)output);
            }
        }
        return bars;
    }

    List<VwapView> vwaps()
    {
        final List<VwapView> vwaps = new ArrayList<>();
        for (final Object output : outputs)
        {
            if (output instanceof VwapView)
            {
                vwaps.add((VwapView)output);
            }
        }
        return vwaps;
    }
}
