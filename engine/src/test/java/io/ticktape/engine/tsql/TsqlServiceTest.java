package io.ticktape.engine.tsql;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.Streams;
import io.ticktape.client.TsqlClient;
import io.ticktape.client.TsqlClientException;
import io.ticktape.client.TsqlRows;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.TsqlRequestEncoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.ticktape.store.history.JournalHistoryView;
import io.ticktape.store.tsql.QueryResult;
import io.ticktape.store.tsql.Tsql;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TSQL service over a real embedded media driver: concurrent clients get their own answers, equal to running
 * the query directly; a client that vanishes mid-answer is dropped and counted while others are served; garbage on
 * the request stream is counted and skipped.
 */
class TsqlServiceTest
{
    private static final long T0 = 1_767_571_200_000_000_000L;
    private static final String[] SYMBOLS = { "ESZ6", "NQZ6", "ESZ6-ESH7", "CLF7" };

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private AgentRunner runner;
    private ExecutorService workers;
    private final Counters counters = new Counters();
    private JournalHistoryView view;

    @BeforeEach
    void setUp()
    {
        final Path dataDir = dir.resolve("data");
        writeJournal(dataDir, 40_000);
        view = JournalHistoryView.load(dataDir, "FAST_DAILY");
        // Small IPC terms, so an answer nobody reads back-pressures its publication within a few batches.
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .ipcTermBufferLength(64 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        workers = Executors.newFixedThreadPool(2);
        final TsqlService service = new TsqlService(aeron, Streams.DEFAULT_CHANNEL, Streams.TSQL_REQUEST_STREAM_ID,
            () -> view, workers, SystemNanoClock.INSTANCE, TimeUnit.SECONDS.toNanos(2), counters);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null, service);
        AgentRunner.startOnThread(runner);
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(runner, aeron, driver);
        workers.shutdownNow();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldAnswerTwoConcurrentClientsWithTheirOwnResults() throws Exception
    {
        final String bars = "SELECT ts, symbol, first(price), max(price), min(price), last(price), sum(size), " +
            "vwap(price, size) FROM trades SAMPLE BY 1m GROUP BY symbol";
        final String latest = "SELECT symbol, ts, price, size FROM trades LATEST BY symbol";
        final String raw = "SELECT ts, symbol, price, size, side FROM trades WHERE symbol = 'ESZ6-ESH7'";
        final Tsql direct = new Tsql(view);
        final List<String> queries = List.of(bars, latest, raw);
        final ExecutorService clients = Executors.newFixedThreadPool(2);
        try
        {
            final List<Future<Integer>> runs = new ArrayList<>();
            for (int c = 0; c < 2; c++)
            {
                final int offset = c;
                runs.add(clients.submit(() ->
                {
                    int checked = 0;
                    try (TsqlClient client = new TsqlClient(aeron))
                    {
                        for (int i = 0; i < 6; i++)
                        {
                            final String query = queries.get((i + offset) % queries.size());
                            assertSame(direct.query(query), client.query(query));
                            checked++;
                        }
                        assertThatThrownBy(() -> client.query("SELECT prce FROM trades"))
                            .isInstanceOf(TsqlClientException.class)
                            .hasMessage("line 1, col 8: unknown column 'prce'");
                        // A client survives an error: the next query is answered.
                        assertThat(client.query("SELECT count(*) FROM trades").rows()).hasSize(1);
                    }
                    return checked;
                }));
            }
            for (final Future<Integer> run : runs)
            {
                assertThat(run.get(90, TimeUnit.SECONDS)).isEqualTo(6);
            }
        }
        finally
        {
            clients.shutdownNow();
        }
        assertThat(counters.value("tsql.responses_completed")).isEqualTo(14);
        assertThat(counters.value("tsql.query_errors")).isEqualTo(2);
        assertThat(counters.value("tsql.responses_dropped")).isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldDropTheAnswerOfAVanishedClientAndKeepServingOthers()
    {
        final String channel = "aeron:ipc?session-id=777";
        final Subscription vanishing = aeron.addSubscription(channel, Streams.TSQL_RESPONSE_STREAM_ID);
        try (ExclusivePublication requests = aeron.addExclusivePublication(Streams.DEFAULT_CHANNEL,
            Streams.TSQL_REQUEST_STREAM_ID))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
            final TsqlRequestEncoder request = new TsqlRequestEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .correlationId(1).clientId(99).responseStreamId(Streams.TSQL_RESPONSE_STREAM_ID)
                .responseChannel(channel).query("SELECT * FROM trades");
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();
            await(() -> requests.offer(buffer, 0, length) > 0);
            // Read a little of the answer, then vanish without reading the rest.
            final int[] fragments = { 0 };
            await(() ->
            {
                fragments[0] += vanishing.poll((b, o, l, h) -> { }, 1);
                return fragments[0] >= 3;
            });
            vanishing.close();
            await(() -> counters.value("tsql.responses_dropped") == 1);
        }
        try (TsqlClient client = new TsqlClient(aeron))
        {
            final TsqlRows rows = client.query("SELECT symbol, count(*) FROM trades GROUP BY symbol");
            assertThat(rows.rows()).hasSize(SYMBOLS.length);
        }
        assertThat(counters.value("tsql.responses_completed")).isEqualTo(1);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldCountAndSkipGarbageOnTheRequestStream()
    {
        try (ExclusivePublication requests = aeron.addExclusivePublication(Streams.DEFAULT_CHANNEL,
            Streams.TSQL_REQUEST_STREAM_ID))
        {
            final SplittableRandom random = new SplittableRandom(5);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            for (int i = 0; i < 50; i++)
            {
                final int length = 1 + random.nextInt(300);
                for (int b = 0; b < length; b++)
                {
                    buffer.putByte(b, (byte)random.nextInt(256));
                }
                if (i % 5 == 0)
                {
                    // A real header and then nonsense: lengths that point past the message.
                    new TsqlRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                        .correlationId(i).clientId(i).responseStreamId(Streams.TSQL_RESPONSE_STREAM_ID);
                    buffer.putInt(MessageHeaderEncoder.ENCODED_LENGTH + TsqlRequestEncoder.BLOCK_LENGTH,
                        random.nextInt());
                }
                final int len = i % 5 == 0 ? MessageHeaderEncoder.ENCODED_LENGTH + TsqlRequestEncoder.BLOCK_LENGTH + 6 :
                    length;
                await(() -> requests.offer(buffer, 0, len) > 0);
            }
            await(() -> counters.value("tsql.bad_requests") == 50);
        }
        try (TsqlClient client = new TsqlClient(aeron))
        {
            assertThat(client.query("SELECT count(*) FROM trades WHERE symbol = 'CLF7'").rows()).hasSize(1);
        }
        assertThat(counters.value("tsql.requests")).isEqualTo(1);
    }

    private static void assertSame(final QueryResult expected, final TsqlRows actual)
    {
        assertThat(actual.rows()).hasSize(expected.rowCount());
        assertThat(actual.names()).hasSize(expected.columnCount());
        for (int r = 0; r < expected.rowCount(); r++)
        {
            for (int c = 0; c < expected.columnCount(); c++)
            {
                final Object want = expected.value(r, c);
                final Object got = actual.rows().get(r)[c];
                if (want instanceof java.math.BigDecimal d)
                {
                    assertThat(((java.math.BigDecimal)got).compareTo(d)).isZero();
                }
                else
                {
                    assertThat(got).isEqualTo(want);
                }
            }
        }
    }

    private static void await(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("condition not met in 60 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static void writeJournal(final Path dataDir, final int events)
    {
        final SplittableRandom random = new SplittableRandom(3);
        final long[] price = { 600_000, 2_100_000, -1_500, 7_100 };
        final int[] exponents = { -2, -2, -2, -2 };
        final Tick tick = new Tick();
        long seq = 0;
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            for (int i = 0; i < SYMBOLS.length; i++)
            {
                tick.copyFrom(new Tick());
                tick.type = TickType.INSTRUMENT;
                tick.globalSeq = ++seq;
                tick.instrumentId = i + 1;
                tick.symbol(SYMBOLS[i]);
                tick.priceExponent = exponents[i];
                journal.append(tick, false);
            }
            long ts = T0;
            for (int e = 0; e < events; e++)
            {
                ts += 1 + random.nextInt(200_000_000);
                final int s = random.nextInt(SYMBOLS.length);
                price[s] += random.nextInt(5) - 2;
                tick.copyFrom(new Tick());
                tick.globalSeq = ++seq;
                tick.instrumentId = s + 1;
                tick.exchangeTimeNs = ts;
                if (random.nextBoolean())
                {
                    tick.type = TickType.TRADE;
                    tick.priceMantissa = price[s];
                    tick.size = 1 + random.nextInt(100);
                    tick.aggressorSide = (byte)(1 + random.nextInt(2));
                }
                else
                {
                    tick.type = TickType.QUOTE;
                    tick.bidPriceMantissa = price[s] - 1;
                    tick.askPriceMantissa = price[s] + 1;
                    tick.bidSize = 10;
                    tick.askSize = 12;
                }
                journal.append(tick, false);
            }
        }
    }
}
