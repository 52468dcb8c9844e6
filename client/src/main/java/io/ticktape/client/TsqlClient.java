package io.ticktape.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.TsqlEndDecoder;
import io.ticktape.protocol.sbe.TsqlErrorDecoder;
import io.ticktape.protocol.sbe.TsqlRequestEncoder;
import io.ticktape.protocol.sbe.TsqlResultSchemaDecoder;
import io.ticktape.protocol.sbe.TsqlRowBatchDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Queries a running engine's TSQL service over Aeron. Each client has its own response channel (by default
 * {@code aeron:ipc?session-id=N} with a random N, on stream 1005), so the engine answers it on a publication of its
 * own; answers are matched to queries by correlation id. One client is used by one thread at a time; open one
 * client per thread for concurrent queries.
 * <pre>
 * try (TsqlClient client = new TsqlClient(aeron))
 * {
 *     TsqlRows rows = client.query("SELECT symbol, vwap(price, size) FROM trades GROUP BY symbol");
 * }
 * </pre>
 */
public final class TsqlClient implements AutoCloseable
{
    /** Longest wait for the engine's next message of an answer, by default. */
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    /** Receives an answer as it streams in. */
    public interface ResultHandler
    {
        /**
         * @param names            column names.
         * @param types            column type codes ({@link TsqlRows#TIMESTAMP}, ...).
         * @param visibleGlobalSeq the last tick the query could see.
         */
        void onSchema(List<String> names, List<Integer> types, long visibleGlobalSeq);

        /**
         * @param row one value per column; a new array per row.
         */
        void onRow(Object[] row);

        /**
         * @param rowCount rows in the answer.
         */
        default void onEnd(final long rowCount)
        {
        }
    }

    private final ExclusivePublication requests;
    private final Subscription responses;
    private final String responseChannel;
    private final int responseStreamId;
    private final long clientId;
    private final long timeoutNs;
    private final IdleStrategy idle = new BackoffIdleStrategy(1, 10, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MILLISECONDS.toNanos(1));
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TsqlRequestEncoder requestEncoder = new TsqlRequestEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final TsqlResultSchemaDecoder schemaDecoder = new TsqlResultSchemaDecoder();
    private final TsqlRowBatchDecoder batchDecoder = new TsqlRowBatchDecoder();
    private final TsqlEndDecoder endDecoder = new TsqlEndDecoder();
    private final TsqlErrorDecoder errorDecoder = new TsqlErrorDecoder();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private long nextCorrelationId = 1;

    private long activeCorrelationId;
    private ResultHandler activeHandler;
    private List<Integer> activeTypes;
    private boolean done;
    private TsqlClientException failure;

    /**
     * A client on this host's engine: IPC, the default streams, a 30 s timeout.
     *
     * @param aeron connected to the engine's media driver.
     */
    public TsqlClient(final Aeron aeron)
    {
        this(aeron, Streams.DEFAULT_CHANNEL, Streams.TSQL_REQUEST_STREAM_ID,
            "aeron:ipc?session-id=" + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE),
            Streams.TSQL_RESPONSE_STREAM_ID, DEFAULT_TIMEOUT_MS);
    }

    /**
     * @param aeron            connected to a media driver that reaches the engine.
     * @param requestChannel   the engine's request channel.
     * @param requestStreamId  the engine's request stream (1004).
     * @param responseChannel  where this client's answers go; unique to this client (e.g. a session-id).
     * @param responseStreamId the response stream (1005).
     * @param timeoutMs        longest wait for the next message of an answer.
     */
    public TsqlClient(
        final Aeron aeron,
        final String requestChannel,
        final int requestStreamId,
        final String responseChannel,
        final int responseStreamId,
        final long timeoutMs)
    {
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.clientId = ThreadLocalRandom.current().nextLong();
        responses = aeron.addSubscription(responseChannel, responseStreamId);
        requests = aeron.addExclusivePublication(requestChannel, requestStreamId);
    }

    /**
     * Run a query and collect every row.
     *
     * @param tsql the query.
     * @return the rows.
     * @throws TsqlClientException when the engine refuses the query or does not answer in time.
     */
    public TsqlRows query(final String tsql)
    {
        final TsqlRows[] rows = { null };
        query(tsql, new ResultHandler()
        {
            @Override
            public void onSchema(final List<String> names, final List<Integer> types, final long visibleGlobalSeq)
            {
                rows[0] = new TsqlRows(names, types, visibleGlobalSeq);
            }

            @Override
            public void onRow(final Object[] row)
            {
                rows[0].add(row);
            }
        });
        return rows[0];
    }

    /**
     * Run a query, handing rows over as they arrive.
     *
     * @param tsql    the query.
     * @param handler receives the schema, the rows and the end.
     * @throws TsqlClientException when the engine refuses the query or does not answer in time.
     */
    public void query(final String tsql, final ResultHandler handler)
    {
        final long correlationId = nextCorrelationId++;
        send(correlationId, tsql);
        activeCorrelationId = correlationId;
        activeHandler = handler;
        activeTypes = null;
        done = false;
        failure = null;
        long deadlineNs = System.nanoTime() + timeoutNs;
        idle.reset();
        try
        {
            while (!done)
            {
                final int fragments = responses.poll(assembler, 64);
                if (fragments > 0)
                {
                    deadlineNs = System.nanoTime() + timeoutNs;
                }
                else if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new TsqlClientException(0, 0, "no answer from the engine in " +
                        TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms (is it running with the TSQL service?)");
                }
                idle.idle(fragments);
            }
        }
        finally
        {
            activeHandler = null;
            activeCorrelationId = 0;
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    private void send(final long correlationId, final String tsql)
    {
        final byte[] text = tsql.getBytes(StandardCharsets.UTF_8);
        if (text.length > sendBuffer.capacity() - 1024)
        {
            throw new TsqlClientException(0, 0, "query too long: " + text.length + " bytes");
        }
        requestEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId)
            .clientId(clientId)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel)
            .putQuery(text, 0, text.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        idle.reset();
        while (true)
        {
            final long result = requests.offer(sendBuffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new TsqlClientException(0, 0, "request publication closed");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new TsqlClientException(0, 0, result == Publication.NOT_CONNECTED ?
                    "no TSQL service is listening (is the engine running?)" : "engine did not take the request");
            }
            idle.idle();
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != TsqlRequestEncoder.SCHEMA_ID)
        {
            return;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case TsqlResultSchemaDecoder.TEMPLATE_ID:
                schemaDecoder.wrap(buffer, at, blockLength, version);
                if (mine(schemaDecoder.correlationId(), schemaDecoder.clientId()))
                {
                    final long seq = schemaDecoder.visibleGlobalSeq();
                    final List<String> names = new ArrayList<>();
                    final List<Integer> types = new ArrayList<>();
                    for (final TsqlResultSchemaDecoder.ColumnsDecoder column : schemaDecoder.columns())
                    {
                        types.add((int)column.columnType());
                        names.add(column.name());
                    }
                    activeTypes = types;
                    activeHandler.onSchema(names, types, seq);
                }
                break;
            case TsqlRowBatchDecoder.TEMPLATE_ID:
                batchDecoder.wrap(buffer, at, blockLength, version);
                if (mine(batchDecoder.correlationId(), batchDecoder.clientId()) && null != activeTypes)
                {
                    final int rows = batchDecoder.rowCount();
                    final int dataLength = batchDecoder.rowsLength();
                    final UnsafeBuffer data = new UnsafeBuffer(new byte[dataLength]);
                    batchDecoder.getRows(data, 0, dataLength);
                    decodeRows(data, rows);
                }
                break;
            case TsqlEndDecoder.TEMPLATE_ID:
                endDecoder.wrap(buffer, at, blockLength, version);
                if (mine(endDecoder.correlationId(), endDecoder.clientId()))
                {
                    activeHandler.onEnd(endDecoder.rowCount());
                    done = true;
                }
                break;
            case TsqlErrorDecoder.TEMPLATE_ID:
                errorDecoder.wrap(buffer, at, blockLength, version);
                if (mine(errorDecoder.correlationId(), errorDecoder.clientId()))
                {
                    failure = new TsqlClientException(errorDecoder.line(), errorDecoder.column(),
                        errorDecoder.message());
                    done = true;
                }
                break;
            default:
                break;
        }
    }

    private boolean mine(final long correlationId, final long fromClientId)
    {
        // Answers to an abandoned (timed-out) query of this client are skipped by correlation id.
        return null != activeHandler && correlationId == activeCorrelationId && fromClientId == clientId;
    }

    private void decodeRows(final UnsafeBuffer data, final int rows)
    {
        int position = 0;
        final int columns = activeTypes.size();
        for (int r = 0; r < rows; r++)
        {
            final Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++)
            {
                final boolean isNull = data.getByte(position++) != 0;
                if (isNull)
                {
                    continue;
                }
                switch (activeTypes.get(c))
                {
                    case TsqlRows.DECIMAL:
                        final long mantissa = data.getLong(position, ByteOrder.LITTLE_ENDIAN);
                        final int exponent = data.getByte(position + 8);
                        row[c] = BigDecimal.valueOf(mantissa, -exponent);
                        position += 9;
                        break;
                    case TsqlRows.DOUBLE:
                        row[c] = data.getDouble(position, ByteOrder.LITTLE_ENDIAN);
                        position += 8;
                        break;
                    case TsqlRows.SYMBOL:
                        final int length = data.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                        row[c] = data.getStringWithoutLengthAscii(position + 2, length);
                        position += 2 + length;
                        break;
                    case TsqlRows.BOOLEAN:
                        row[c] = data.getLong(position, ByteOrder.LITTLE_ENDIAN) != 0;
                        position += 8;
                        break;
                    default:
                        row[c] = data.getLong(position, ByteOrder.LITTLE_ENDIAN);
                        position += 8;
                        break;
                }
            }
            activeHandler.onRow(row);
        }
    }

    /**
     * @return this client's id, echoed by the engine in every answer.
     */
    public long clientId()
    {
        return clientId;
    }

    @Override
    public void close()
    {
        requests.close();
        responses.close();
    }
}
