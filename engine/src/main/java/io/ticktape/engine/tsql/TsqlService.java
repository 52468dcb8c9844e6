package io.ticktape.engine.tsql;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.TsqlEndEncoder;
import io.ticktape.protocol.sbe.TsqlErrorEncoder;
import io.ticktape.protocol.sbe.TsqlRequestDecoder;
import io.ticktape.protocol.sbe.TsqlResultSchemaEncoder;
import io.ticktape.protocol.sbe.TsqlRowBatchEncoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.store.history.HistoryView;
import io.ticktape.store.tsql.QueryResult;
import io.ticktape.store.tsql.Tsql;
import io.ticktape.store.tsql.TsqlException;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The TSQL service agent, on its own thread (never a ring thread).
 * <pre>
 *  clients ──TsqlRequest (1004)──► poll ──► worker pool: parse + run over a HistoryView
 *                                                │ finished result
 *  client A ◄── schema, row batches, end ──┐     ▼
 *  client B ◄── (own publication each) ────┴── stream: a few messages per response per duty cycle
 * </pre>
 * Answers go to the response channel and stream the request names, one exclusive publication per channel, so a
 * slow client back-pressures only its own publication. Sending never blocks: a back-pressured answer is retried on
 * the next duty cycles and dropped (counted) when it makes no progress for {@code responseTimeoutNs} or its client
 * disconnects. Requests that do not decode are counted and skipped.
 */
public final class TsqlService implements Agent
{
    private static final Logger LOG = System.getLogger(TsqlService.class.getName());
    private static final int MAX_QUERY_BYTES = 64 * 1024;
    private static final int MAX_CHANNEL_BYTES = 1024;
    private static final int MESSAGES_PER_RESPONSE_PER_CYCLE = 16;
    private static final long PUBLICATION_IDLE_NS = 10_000_000_000L;

    private final Aeron aeron;
    private final Subscription requests;
    private final Supplier<HistoryView> history;
    private final ExecutorService workers;
    private final NanoClock clock;
    private final long responseTimeoutNs;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onRequest);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final TsqlRequestDecoder requestDecoder = new TsqlRequestDecoder();
    private final Queue<Response> finished = new ConcurrentLinkedQueue<>();
    private final List<Response> sending = new ArrayList<>();
    private final Map<String, Channel> channels = new HashMap<>();
    private final ResponseEncoder encoder = new ResponseEncoder();

    private final AtomicCounter requestsReceived;
    private final AtomicCounter badRequests;
    private final AtomicCounter queryErrors;
    private final AtomicCounter responsesCompleted;
    private final AtomicCounter responsesDropped;
    private final AtomicCounter rowsSent;
    private final AtomicCounter backPressured;

    /**
     * @param aeron             client to the media driver.
     * @param requestChannel    channel of the request stream.
     * @param requestStreamId   request stream id (1004).
     * @param history           the view to query; called on a worker per query and closed after it (so it may hand
     *                          out a fresh view each time).
     * @param workers           threads that run queries.
     * @param clock             for response deadlines.
     * @param responseTimeoutNs longest an answer may make no progress before it is dropped.
     * @param counters          where the service's counters live ({@code tsql.*}).
     */
    public TsqlService(
        final Aeron aeron,
        final String requestChannel,
        final int requestStreamId,
        final Supplier<HistoryView> history,
        final ExecutorService workers,
        final NanoClock clock,
        final long responseTimeoutNs,
        final Counters counters)
    {
        this.aeron = aeron;
        this.history = history;
        this.workers = workers;
        this.clock = clock;
        this.responseTimeoutNs = responseTimeoutNs;
        requests = aeron.addSubscription(requestChannel, requestStreamId);
        requestsReceived = counters.newCounter("tsql.requests");
        badRequests = counters.newCounter("tsql.bad_requests");
        queryErrors = counters.newCounter("tsql.query_errors");
        responsesCompleted = counters.newCounter("tsql.responses_completed");
        responsesDropped = counters.newCounter("tsql.responses_dropped");
        rowsSent = counters.newCounter("tsql.rows_sent");
        backPressured = counters.newCounter("tsql.back_pressured");
    }

    @Override
    public String roleName()
    {
        return "tsql";
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = requests.poll(assembler, 16);
        Response response;
        while (null != (response = finished.poll()))
        {
            response.lastProgressNs = nowNs;
            sending.add(response);
            work++;
        }
        for (final Iterator<Response> it = sending.iterator(); it.hasNext(); )
        {
            final Response r = it.next();
            work += send(r, nowNs);
            if (r.done)
            {
                it.remove();
                r.channel.lastUsedNs = nowNs;
                r.channel.active--;
            }
        }
        work += closeIdleChannels(nowNs);
        return work;
    }

    private void onRequest(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final Response response;
        try
        {
            response = decode(buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            // Lengths that point past the message and the like: whatever the bytes say, it is not a request.
            badRequest("undecodable request: " + ex);
            return;
        }
        if (null == response)
        {
            return;
        }
        requestsReceived.incrementRelease();
        try
        {
            workers.execute(() -> run(response));
        }
        catch (final RejectedExecutionException ex)
        {
            response.error = new TsqlException(0, 0, "the query service is shutting down");
            finished.add(response);
        }
    }

    private Response decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            badRequest("request shorter than a message header: " + length + " bytes");
            return null;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != TsqlRequestDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != TsqlRequestDecoder.TEMPLATE_ID)
        {
            badRequest("not a TsqlRequest: schema " + headerDecoder.schemaId() + " template " +
                headerDecoder.templateId());
            return null;
        }
        final int blockLength = headerDecoder.blockLength();
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
        if (blockLength < TsqlRequestDecoder.BLOCK_LENGTH || blockLength > bodyLength)
        {
            badRequest("TsqlRequest block length " + blockLength + " does not fit " + bodyLength + " bytes");
            return null;
        }
        requestDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength,
            headerDecoder.version());
        final long correlationId = requestDecoder.correlationId();
        final long clientId = requestDecoder.clientId();
        final int streamId = requestDecoder.responseStreamId();
        final int end = offset + length;
        final int channelLength = varLength(buffer, requestDecoder.limit(), end, MAX_CHANNEL_BYTES);
        if (channelLength < 0)
        {
            badRequest("response channel length out of bounds");
            return null;
        }
        final String channel = requestDecoder.responseChannel();
        final int queryLength = varLength(buffer, requestDecoder.limit(), end, MAX_QUERY_BYTES);
        if (queryLength < 0)
        {
            badRequest("query length out of bounds");
            return null;
        }
        final String query = requestDecoder.query();
        if (!channel.startsWith("aeron:"))
        {
            badRequest("response channel is not an Aeron channel: '" + channel + "'");
            return null;
        }
        final Channel target = channel(channel, streamId);
        if (null == target)
        {
            return null;
        }
        target.active++;
        return new Response(correlationId, clientId, query, target);
    }

    private static int varLength(final DirectBuffer buffer, final int at, final int end, final int max)
    {
        if (at + 4 > end)
        {
            return -1;
        }
        final long length = buffer.getInt(at, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        return length > max || at + 4 + length > end ? -1 : (int)length;
    }

    private Channel channel(final String channel, final int streamId)
    {
        final String key = streamId + " " + channel;
        Channel target = channels.get(key);
        if (null == target)
        {
            try
            {
                target = new Channel(aeron.addExclusivePublication(channel, streamId));
            }
            catch (final RuntimeException ex)
            {
                badRequest("cannot publish to response channel '" + channel + "' stream " + streamId + ": " +
                    ex.getMessage());
                return null;
            }
            channels.put(key, target);
        }
        return target;
    }

    private void badRequest(final String why)
    {
        if (badRequests.getAndAddRelease(1) == 0)
        {
            LOG.log(Level.WARNING, "tsql: skipped a bad request ({0}); further ones are only counted", why);
        }
    }

    private void run(final Response response)
    {
        final long startNs = clock.nanoTime();
        // A view per query, closed after it: the columnar tier's readers are single-threaded and cheap to open.
        try (HistoryView view = history.get())
        {
            response.visibleGlobalSeq = view.visibleGlobalSeq();
            response.result = new Tsql(view).query(response.query);
        }
        catch (final TsqlException ex)
        {
            response.error = ex;
        }
        catch (final RuntimeException ex)
        {
            LOG.log(Level.ERROR, "tsql: query failed: " + response.query, ex);
            response.error = new TsqlException(0, 0, "internal error: " + ex);
        }
        response.elapsedNs = clock.nanoTime() - startNs;
        finished.add(response);
    }

    private int send(final Response r, final long nowNs)
    {
        final Publication publication = r.channel.publication;
        int sent = 0;
        while (!r.done && sent < MESSAGES_PER_RESPONSE_PER_CYCLE)
        {
            final int length = encoder.encode(r, publication.maxMessageLength());
            if (length > publication.maxMessageLength())
            {
                // One row or the schema alone is longer than the channel carries: nothing to do but drop it.
                r.done = true;
                responsesDropped.incrementRelease();
                badRequest("answer message of " + length + " bytes exceeds the response channel's maximum of " +
                    publication.maxMessageLength());
                break;
            }
            final long result = publication.offer(encoder.buffer(), 0, length);
            if (result > 0)
            {
                r.connected = true;
                r.lastProgressNs = nowNs;
                encoder.advance(r);
                sent++;
                if (r.done)
                {
                    if (null != r.error)
                    {
                        queryErrors.incrementRelease();
                    }
                    else
                    {
                        responsesCompleted.incrementRelease();
                        rowsSent.getAndAddRelease(r.result.rowCount());
                    }
                }
                continue;
            }
            final boolean vanished = result == Publication.NOT_CONNECTED && r.connected;
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || vanished ||
                nowNs - r.lastProgressNs > responseTimeoutNs)
            {
                // The client is gone or stuck: drop its answer rather than hold anything up.
                r.done = true;
                responsesDropped.incrementRelease();
                break;
            }
            if (result == Publication.BACK_PRESSURED)
            {
                backPressured.incrementRelease();
            }
            break;
        }
        return sent;
    }

    private int closeIdleChannels(final long nowNs)
    {
        int closed = 0;
        for (final Iterator<Channel> it = channels.values().iterator(); it.hasNext(); )
        {
            final Channel channel = it.next();
            if (channel.active == 0 && nowNs - channel.lastUsedNs > PUBLICATION_IDLE_NS)
            {
                CloseHelper.quietClose(channel.publication);
                it.remove();
                closed++;
            }
        }
        return closed;
    }

    @Override
    public void onClose()
    {
        for (final Channel channel : channels.values())
        {
            CloseHelper.quietClose(channel.publication);
        }
        channels.clear();
        CloseHelper.quietClose(requests);
    }

    /** A response publication shared by the answers to one channel and stream. */
    static final class Channel
    {
        final ExclusivePublication publication;
        int active;
        long lastUsedNs;

        Channel(final ExclusivePublication publication)
        {
            this.publication = publication;
        }
    }

    /** One query's answer and how far it has been sent. */
    static final class Response
    {
        final long correlationId;
        final long clientId;
        final String query;
        final Channel channel;
        volatile QueryResult result;
        volatile TsqlException error;
        volatile long visibleGlobalSeq;
        volatile long elapsedNs;
        int stage;
        int nextRow;
        int batchRows;
        boolean connected;
        boolean done;
        long lastProgressNs;

        Response(final long correlationId, final long clientId, final String query, final Channel channel)
        {
            this.correlationId = correlationId;
            this.clientId = clientId;
            this.query = query;
            this.channel = channel;
        }
    }

    /** Encodes the next message of an answer; {@link #advance} moves past it once it is sent. */
    static final class ResponseEncoder
    {
        static final int STAGE_SCHEMA = 0;
        static final int STAGE_ROWS = 1;
        static final int STAGE_END = 2;
        private static final int MAX_BATCH_BYTES = 16 * 1024;

        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_BATCH_BYTES + 64 * 1024]);
        private final UnsafeBuffer rows = new UnsafeBuffer(new byte[MAX_BATCH_BYTES + 32 * 1024]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final TsqlResultSchemaEncoder schema = new TsqlResultSchemaEncoder();
        private final TsqlRowBatchEncoder batch = new TsqlRowBatchEncoder();
        private final TsqlEndEncoder end = new TsqlEndEncoder();
        private final TsqlErrorEncoder error = new TsqlErrorEncoder();

        UnsafeBuffer buffer()
        {
            return buffer;
        }

        int encode(final Response r, final int maxMessageLength)
        {
            if (null != r.error)
            {
                error.wrapAndApplyHeader(buffer, 0, header)
                    .correlationId(r.correlationId)
                    .clientId(r.clientId)
                    .line(r.error.line())
                    .column(r.error.column())
                    .message(r.error.problem());
                return MessageHeaderEncoder.ENCODED_LENGTH + error.encodedLength();
            }
            final QueryResult result = r.result;
            if (r.stage == STAGE_ROWS && r.nextRow >= result.rowCount())
            {
                r.stage = STAGE_END;
            }
            switch (r.stage)
            {
                case STAGE_SCHEMA:
                    schema.wrapAndApplyHeader(buffer, 0, header)
                        .correlationId(r.correlationId)
                        .clientId(r.clientId)
                        .visibleGlobalSeq(r.visibleGlobalSeq);
                    final TsqlResultSchemaEncoder.ColumnsEncoder columns = schema.columnsCount(result.columnCount());
                    for (int c = 0; c < result.columnCount(); c++)
                    {
                        columns.next().columnType((short)result.columnType(c).code()).name(result.columnName(c));
                    }
                    return MessageHeaderEncoder.ENCODED_LENGTH + schema.encodedLength();
                case STAGE_ROWS:
                    final int rowBytes = packRows(result, r, Math.min(MAX_BATCH_BYTES, maxMessageLength - 64));
                    batch.wrapAndApplyHeader(buffer, 0, header)
                        .correlationId(r.correlationId)
                        .clientId(r.clientId)
                        .firstRow(r.nextRow)
                        .rowCount(r.batchRows)
                        .putRows(rows, 0, rowBytes);
                    return MessageHeaderEncoder.ENCODED_LENGTH + batch.encodedLength();
                default:
                    end.wrapAndApplyHeader(buffer, 0, header)
                        .correlationId(r.correlationId)
                        .clientId(r.clientId)
                        .rowCount(result.rowCount())
                        .elapsedNs(r.elapsedNs);
                    return MessageHeaderEncoder.ENCODED_LENGTH + end.encodedLength();
            }
        }

        void advance(final Response r)
        {
            if (null != r.error)
            {
                r.done = true;
                return;
            }
            switch (r.stage)
            {
                case STAGE_SCHEMA:
                    r.stage = STAGE_ROWS;
                    break;
                case STAGE_ROWS:
                    r.nextRow += r.batchRows;
                    break;
                default:
                    r.done = true;
                    break;
            }
        }

        private int packRows(final QueryResult result, final Response r, final int maxBytes)
        {
            int position = 0;
            int row = r.nextRow;
            final int columns = result.columnCount();
            int rowStart = 0;
            while (row < result.rowCount() && position < maxBytes)
            {
                rowStart = position;
                for (int c = 0; c < columns; c++)
                {
                    if (result.isNull(row, c))
                    {
                        rows.putByte(position++, (byte)1);
                        continue;
                    }
                    rows.putByte(position++, (byte)0);
                    switch (result.columnType(c))
                    {
                        case DECIMAL:
                            rows.putLong(position, result.longValue(row, c), java.nio.ByteOrder.LITTLE_ENDIAN);
                            rows.putByte(position + 8, (byte)result.exponent(row, c));
                            position += 9;
                            break;
                        case DOUBLE:
                            rows.putDouble(position, result.doubleValue(row, c), java.nio.ByteOrder.LITTLE_ENDIAN);
                            position += 8;
                            break;
                        case SYMBOL:
                            final String text = result.text(row, c);
                            final int length = Math.min(text.length(), 1024);
                            rows.putShort(position, (short)length, java.nio.ByteOrder.LITTLE_ENDIAN);
                            rows.putStringWithoutLengthAscii(position + 2, text, 0, length);
                            position += 2 + length;
                            break;
                        default:
                            rows.putLong(position, result.longValue(row, c), java.nio.ByteOrder.LITTLE_ENDIAN);
                            position += 8;
                            break;
                    }
                }
                row++;
            }
            if (position > maxBytes && row - r.nextRow > 1)
            {
                // The last row went past the channel's limit: it starts the next batch instead.
                row--;
                position = rowStart;
            }
            r.batchRows = row - r.nextRow;
            return position;
        }
    }
}
