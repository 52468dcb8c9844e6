package io.ticktape.store.tsql;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic trades and quotes for TSQL tests, written through the real journal (TickJournal on Chronicle
 * Queue) and kept in memory as plain records for the independent reference (DuckDB). Events are in global time
 * order and the global sequence follows time, so each symbol's timestamps are unique. Symbols differ in price
 * exponent; {@code SPRD} trades around zero (negative prices); {@code THIN} trades rarely (gaps for FILL).
 */
final class TsqlTestData
{
    static final long T0 = 1_767_571_200_000_000_000L; // 2026-01-05T00:00:00Z
    static final String[] SYMBOLS = { "AAA", "BBB", "CCC", "DDD", "SPRD", "THIN" };
    static final int[] EXPONENTS = { -2, -4, 0, -2, -2, -3 };
    private static final long[] START = { 10_000, 2_500_000, 70, 99_950, 0, 20_000 };
    private static final double[] WEIGHTS = { 0.25, 0.2, 0.15, 0.2, 0.198, 0.002 };

    record Trade(long ts, String symbol, long price, int exponent, long size, int side, long seq)
    {
    }

    record Quote(long ts, String symbol, long bid, long bidSize, long ask, long askSize, int exponent, long seq)
    {
    }

    final List<Trade> trades = new ArrayList<>();
    final List<Quote> quotes = new ArrayList<>();

    static TsqlTestData generate(final Path dataDir, final long seed, final int events, final long meanGapNs)
    {
        final TsqlTestData data = new TsqlTestData();
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] price = START.clone();
        final Tick tick = new Tick();
        long seq = 0;
        try (TickJournal journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            for (int i = 0; i < SYMBOLS.length; i++)
            {
                clear(tick);
                tick.type = TickType.INSTRUMENT;
                tick.globalSeq = ++seq;
                tick.instrumentId = 100 + i;
                tick.symbol(SYMBOLS[i]);
                tick.priceExponent = EXPONENTS[i];
                tick.tickSizeMantissa = 1;
                tick.exchangeTimeNs = T0;
                journal.append(tick, false);
            }
            long ts = T0 + 1_000_000;
            for (int e = 0; e < events; e++)
            {
                ts += 1 + random.nextLong(2 * meanGapNs);
                final int s = pick(random);
                final long step = random.nextInt(7) - 3;
                price[s] += s == 4 ? step * 5 : step;
                clear(tick);
                tick.globalSeq = ++seq;
                tick.instrumentId = 100 + s;
                tick.exchangeTimeNs = ts;
                if (random.nextInt(100) < 55)
                {
                    tick.type = TickType.TRADE;
                    tick.priceMantissa = price[s];
                    tick.size = 1 + random.nextInt(500);
                    tick.aggressorSide = (byte)random.nextInt(3);
                    data.trades.add(new Trade(ts, SYMBOLS[s], tick.priceMantissa, EXPONENTS[s], tick.size,
                        tick.aggressorSide, seq));
                }
                else
                {
                    tick.type = TickType.QUOTE;
                    tick.bidPriceMantissa = price[s] - 1 - random.nextInt(3);
                    tick.askPriceMantissa = price[s] + 1 + random.nextInt(3);
                    tick.bidSize = 1 + random.nextInt(900);
                    tick.askSize = 1 + random.nextInt(900);
                    data.quotes.add(new Quote(ts, SYMBOLS[s], tick.bidPriceMantissa, tick.bidSize,
                        tick.askPriceMantissa, tick.askSize, EXPONENTS[s], seq));
                }
                journal.append(tick, random.nextInt(50) == 0);
            }
        }
        return data;
    }

    private static int pick(final SplittableRandom random)
    {
        final double x = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++)
        {
            sum += WEIGHTS[i];
            if (x < sum)
            {
                return i;
            }
        }
        return WEIGHTS.length - 1;
    }

    private static void clear(final Tick tick)
    {
        tick.copyFrom(new Tick());
    }

    /**
     * Load the same records into DuckDB tables {@code trades} and {@code quotes} (prices as DECIMAL(18,4)).
     */
    void loadInto(final Connection connection, final Path dir) throws IOException, java.sql.SQLException
    {
        final Path tradesCsv = dir.resolve("trades.csv");
        final Path quotesCsv = dir.resolve("quotes.csv");
        try (BufferedWriter w = Files.newBufferedWriter(tradesCsv, StandardCharsets.US_ASCII))
        {
            for (final Trade t : trades)
            {
                w.write(t.ts() + "," + t.symbol() + "," + BigDecimal.valueOf(t.price(), -t.exponent()).toPlainString() +
                    "," + t.size() + "," + t.side() + "," + t.seq() + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(quotesCsv, StandardCharsets.US_ASCII))
        {
            for (final Quote q : quotes)
            {
                w.write(q.ts() + "," + q.symbol() + "," + BigDecimal.valueOf(q.bid(), -q.exponent()).toPlainString() +
                    "," + q.bidSize() + "," + BigDecimal.valueOf(q.ask(), -q.exponent()).toPlainString() + "," +
                    q.askSize() + "," + q.seq() + "\n");
            }
        }
        try (Statement st = connection.createStatement())
        {
            st.execute("CREATE TABLE trades (ts BIGINT, symbol VARCHAR, price DECIMAL(18,4), size BIGINT, side INT, " +
                "seq BIGINT)");
            st.execute("CREATE TABLE quotes (ts BIGINT, symbol VARCHAR, bid DECIMAL(18,4), bid_size BIGINT, " +
                "ask DECIMAL(18,4), ask_size BIGINT, seq BIGINT)");
            st.execute("COPY trades FROM '" + tradesCsv + "' (HEADER false)");
            st.execute("COPY quotes FROM '" + quotesCsv + "' (HEADER false)");
        }
    }
}
