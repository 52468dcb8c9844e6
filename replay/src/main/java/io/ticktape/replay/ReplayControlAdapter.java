package io.ticktape.replay;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.ReplayAction;
import io.ticktape.protocol.sbe.ReplayControlDecoder;
import io.ticktape.protocol.sbe.ReplayRequestDecoder;
import org.agrona.DirectBuffer;

/**
 * Reads the control stream and hands ReplayControl and ReplayRequest messages to a listener. Everything else there
 * (statuses, other schemas, short or unknown messages) is counted in {@link #skipped()} and ignored.
 */
public final class ReplayControlAdapter implements FragmentHandler
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ReplayControlDecoder control = new ReplayControlDecoder();
    private final ReplayRequestDecoder request = new ReplayRequestDecoder();
    private final Subscription subscription;
    private final ReplayControlListener listener;
    private long skipped;

    /**
     * @param subscription the control stream.
     * @param listener     receives the decoded messages.
     */
    public ReplayControlAdapter(final Subscription subscription, final ReplayControlListener listener)
    {
        this.subscription = subscription;
        this.listener = listener;
    }

    /**
     * @return messages handled.
     */
    public int poll()
    {
        return subscription.poll(this, 16);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            skipped++;
            return;
        }
        header.wrap(buffer, offset);
        final int blockLength = header.blockLength();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            skipped++;
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == ReplayControlDecoder.TEMPLATE_ID && blockLength >= ReplayControlDecoder.BLOCK_LENGTH)
        {
            control.wrap(buffer, body, blockLength, header.version());
            final ReplayAction action = control.action();
            if (action == ReplayAction.NULL_VAL)
            {
                skipped++;
                return;
            }
            listener.onControl(control.correlationId(), control.replayId(), action, control.value(), control.speed());
        }
        else if (header.templateId() == ReplayRequestDecoder.TEMPLATE_ID &&
            blockLength >= ReplayRequestDecoder.BLOCK_LENGTH)
        {
            request.wrap(buffer, body, blockLength, header.version());
            listener.onRequest(request.correlationId(), request.fromSeq(), request.toSeq(), request.replayStreamId(),
                request.replaySessionId());
        }
        else
        {
            skipped++;
        }
    }

    /**
     * @return messages ignored.
     */
    public long skipped()
    {
        return skipped;
    }
}
