package io.ticktape.alerts;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ticktape.client.PublicationProxy;
import io.ticktape.protocol.sbe.AlertAckDecoder;
import io.ticktape.protocol.sbe.AlertAckReplyEncoder;
import io.ticktape.protocol.sbe.AlertAckStatus;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.AlertEventEncoder;
import io.ticktape.protocol.sbe.AlertState;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * Delivers alerts off the kernel thread. The evaluators write encoded {@code AlertEvent}s into a bounded
 * many-to-one ring ({@link #inbox()}: a full ring drops the alert and counts it, it never blocks the writer); this
 * agent drains it and, for each alert, publishes it on the alerts stream, appends it to the alert journal, logs it
 * and queues it for the webhooks. It also answers acknowledgements ({@code AlertAck} on the alert commands stream):
 * an alert still raised becomes ACKNOWLEDGED (delivered like any transition) and every ack gets an
 * {@code AlertAckReply}.
 * <pre>
 *  kernel thread ----+                         +--> Aeron alerts stream (1003)
 *  health timer -----+--> inbox (MPSC ring) -->+--> alert journal (Chronicle Queue)
 *                         AlertDeliveryAgent   +--> log
 *  CLI AlertAck (1008) ------------------------+--> WebhookSender queue --> webhook thread (HTTP POST)
 * </pre>
 */
public final class AlertDeliveryAgent implements Agent, AlertOutput
{
    private static final Logger LOG = System.getLogger("io.ticktape.alerts");
    private static final int MSG_TYPE = 1;
    private static final int MAX_REMEMBERED = 100_000;

    private final ManyToOneRingBuffer inbox;
    private final PublicationProxy publication;
    private final AlertJournal journal;
    private final WebhookSender webhooks;
    private final Subscription commands;
    private final EpochNanoClock clock;
    private final MessageHandler inboxHandler = this::onInbox;
    private final FragmentHandler commandHandler = this::onCommand;
    private final AlertEventDecoder decoder = new AlertEventDecoder();
    private final AlertEventEncoder encoder = new AlertEventEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AlertAckDecoder ackDecoder = new AlertAckDecoder();
    private final AlertAckReplyEncoder replyEncoder = new AlertAckReplyEncoder();
    private final UnsafeBuffer replyBuffer = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer ackBuffer = new UnsafeBuffer(new byte[0]);
    private final Long2ObjectHashMap<byte[]> raised = new Long2ObjectHashMap<>();
    private final LongHashSet cleared = new LongHashSet();
    private final LongHashSet acknowledged = new LongHashSet();
    private final AtomicCounter delivered;
    private volatile java.util.function.Consumer<String> lineListener;
    private final AtomicCounter inboxFull;
    private final AtomicCounter acks;
    private final AtomicCounter malformedCommands;

    /**
     * @param inboxCapacity bytes of the inbox ring (a power of two; about 200 bytes per alert).
     * @param publication   the alerts stream, or null not to publish.
     * @param journal       the alert journal, or null not to journal.
     * @param webhooks      the webhook sender, or null for none.
     * @param commands      the alert commands stream, or null to take no acknowledgements.
     * @param clock         wall clock for acknowledgement times.
     * @param counters      where {@code alerts.*} delivery counters live.
     */
    public AlertDeliveryAgent(
        final int inboxCapacity,
        final PublicationProxy publication,
        final AlertJournal journal,
        final WebhookSender webhooks,
        final Subscription commands,
        final EpochNanoClock clock,
        final Counters counters)
    {
        this.inbox = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(inboxCapacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.publication = publication;
        this.journal = journal;
        this.webhooks = webhooks;
        this.commands = commands;
        this.clock = clock;
        delivered = counters.newCounter("alerts.delivered");
        inboxFull = counters.newCounter("alerts.inbox_full_drops");
        acks = counters.newCounter("alerts.acknowledged");
        malformedCommands = counters.newCounter("alerts.malformed_commands");
    }

    /**
     * The evaluators' output: copies the alert into the inbox, or drops and counts it when the inbox is full. Any
     * thread; never blocks.
     */
    @Override
    public void onAlert(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!inbox.write(MSG_TYPE, buffer, offset, length))
        {
            inboxFull.incrementRelease();
        }
    }

    @Override
    public int doWork()
    {
        int work = inbox.read(inboxHandler, 64);
        if (null != commands)
        {
            work += commands.poll(commandHandler, 16);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        inbox.read(inboxHandler, Integer.MAX_VALUE);
    }

    @Override
    public String roleName()
    {
        return "alerts";
    }

    private void onInbox(final int msgTypeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == AlertText.decode(buffer, offset, length, decoder))
        {
            return;
        }
        final long id = decoder.alertId();
        final AlertState state = decoder.state();
        if (state == AlertState.RAISED)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            raised.put(id, copy);
        }
        else if (state == AlertState.CLEARED)
        {
            raised.remove(id);
            acknowledged.remove(id);
            if (cleared.size() > MAX_REMEMBERED)
            {
                cleared.clear();
            }
            cleared.add(id);
        }
        deliver(buffer, offset, length);
    }

    private void deliver(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != publication)
        {
            publication.offer(buffer, offset, length);
        }
        if (null != journal)
        {
            journal.append(buffer, offset, length);
        }
        AlertText.decode(buffer, offset, length, decoder);
        final String line = AlertText.line(decoder);
        LOG.log(decoder.severity() == io.ticktape.protocol.sbe.AlertSeverity.CRITICAL ? Level.WARNING : Level.INFO,
            line);
        final java.util.function.Consumer<String> listener = lineListener;
        if (null != listener)
        {
            listener.accept(line);
        }
        if (null != webhooks)
        {
            AlertText.decode(buffer, offset, length, decoder);
            webhooks.offer(AlertText.json(decoder));
        }
        delivered.incrementRelease();
    }

    private void onCommand(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            malformedCommands.incrementRelease();
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != AlertAckDecoder.SCHEMA_ID || header.templateId() != AlertAckDecoder.TEMPLATE_ID ||
            header.blockLength() < AlertAckDecoder.BLOCK_LENGTH ||
            MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length)
        {
            malformedCommands.incrementRelease();
            LOG.log(Level.WARNING, "alert command skipped: not an AlertAck (template {0}, {1} bytes)",
                header.templateId(), length);
            return;
        }
        ackDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long correlationId = ackDecoder.correlationId();
        final long alertId = ackDecoder.alertId();
        final AlertAckStatus status;
        final byte[] event = raised.get(alertId);
        if (null != event)
        {
            if (acknowledged.contains(alertId))
            {
                status = AlertAckStatus.ALREADY_ACKNOWLEDGED;
            }
            else
            {
                status = AlertAckStatus.ACKNOWLEDGED;
                acknowledged.add(alertId);
                acks.incrementRelease();
                ackBuffer.wrap(event);
                encoder.wrap(ackBuffer, MessageHeaderEncoder.ENCODED_LENGTH)
                    .state(AlertState.ACKNOWLEDGED)
                    .tickTimeNs(clock.nanoTime());
                deliver(ackBuffer, 0, event.length);
                encoder.wrap(ackBuffer, MessageHeaderEncoder.ENCODED_LENGTH).state(AlertState.RAISED);
            }
        }
        else
        {
            status = cleared.contains(alertId) ? AlertAckStatus.ALREADY_CLEARED : AlertAckStatus.UNKNOWN_ALERT;
        }
        LOG.log(Level.INFO, "alert ack id={0}: {1}", alertId, status);
        if (null != publication)
        {
            replyEncoder.wrapAndApplyHeader(replyBuffer, 0, headerEncoder)
                .correlationId(correlationId)
                .alertId(alertId)
                .status(status);
            publication.offer(replyBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + replyEncoder.encodedLength());
        }
    }

    /**
     * Also hand each delivered alert's log line to a listener (e.g. the engine's dashboard), on the delivery thread.
     *
     * @param listener receives the line; must not block. Null for none.
     */
    public void lineListener(final java.util.function.Consumer<String> listener)
    {
        this.lineListener = listener;
    }

    /**
     * @return alerts raised and not yet cleared, as the delivery thread last saw them (its own thread only).
     */
    public int raisedCount()
    {
        return raised.size();
    }
}
