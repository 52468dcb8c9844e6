package io.ticktape.store.tsql;

import io.ticktape.store.history.JournalHistoryView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad TSQL gets one positioned line, never a stack trace or a wrong answer; unknown symbols give empty results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TsqlErrorsTest
{
    private JournalHistoryView view;
    private Tsql tsql;

    @BeforeAll
    void setUp() throws Exception
    {
        final Path dir = Files.createTempDirectory("tsql-errors");
        TsqlTestData.generate(dir, 7, 3_000, 50_000_000L);
        view = JournalHistoryView.load(dir, "FAST_DAILY");
        tsql = new Tsql(view);
    }

    @AfterAll
    void tearDown()
    {
        view.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT ts, prce FROM trades WHERE symbol = 'AAA'|line 1, col 12: unknown column 'prce'",
        "SELECT price FROM trade|line 1, col 19: unknown table 'trade', expected trades, quotes, bars_1s, bars_1m, " +
            "bars_5m, bars_1h or bars_1d",
        "SELEC price FROM trades|line 1, col 1: expected SELECT, found 'SELEC'",
        "SELECT price FROM trades WHERE size >> 3|line 1, col 38: expected an expression, found '>'",
        "SELECT price FROM trades WHERE symbol = 'AAA|line 1, col 41: unterminated string",
        "SELECT price FROM trades WHERE ts > '2026-13-45'|line 1, col 37: bad time '2026-13-45', expected " +
            "ISO-8601 (2026-01-05T09:30) or epoch nanoseconds",
        "SELECT max(price) FROM trades SAMPLE BY 7x|line 1, col 41: unknown interval unit in '7x', expected ms, " +
            "s, m, h or d",
        "SELECT max(price) FROM trades SAMPLE BY 1m FILL(FOO)|line 1, col 49: unknown fill 'FOO', expected NONE, " +
            "NULL, PREV or LINEAR",
        "SELECT percentile(price, 2) FROM trades|line 1, col 26: percentile's second argument is a fraction " +
            "from 0 to 1, e.g. 0.95",
        "SELECT price FROM trades WHERE max(price) > 1|line 1, col 32: aggregates are not allowed in WHERE",
        "SELECT price, count(*) FROM trades|line 1, col 8: column 'price' must be inside an aggregate or be a key " +
            "(symbol; ts with SAMPLE BY)",
        "SELECT sum(max(price)) FROM trades|line 1, col 12: aggregates cannot be nested",
        "SELECT price FROM trades WHERE symbol = 5|line 1, col 41: cannot compare text with long '5'",
        "SELECT price FROM trades WHERE price|line 1, col 32: WHERE needs a condition, found 'price'",
        "SELECT median(price) FROM trades|line 1, col 8: unknown function 'median'",
        "SELECT max(price) FROM trades GROUP BY side|line 1, col 40: GROUP BY supports symbol only, not 'side'",
        "SELECT price FROM quotes|line 1, col 8: unknown column 'price'",
        "SELECT price FROM trades ORDER BY size|line 1, col 35: ORDER BY 'size' must name a column of the " +
            "select list",
        "SELECT price FROM trades LIMIT -1|line 1, col 32: LIMIT expects a whole number, found '-'",
        "SELECT price FROM trades t ASOF JOIN bars_1m b ON symbol|line 1, col 38: ASOF JOIN joins trades to " +
            "quotes, not 'bars_1m'",
        "SELECT price FROM trades;;|line 1, col 26: unexpected ';'",
        "SELECT x.price FROM trades t|line 1, col 8: unknown table or alias 'x'",
        "SELECT price FROM trades WHERE side = 1 LATEST BY side|line 1, col 51: LATEST BY supports symbol only, " +
            "not 'side'",
        "SELECT price * 99999999999 * 99999999999 FROM trades|numeric overflow: long overflow (exact decimals are " +
            "64-bit; divide or use doubles)",
    })
    void shouldReportThePositionAndTheProblemWhenTheQueryIsInvalid(final String query, final String message)
    {
        assertThatThrownBy(() -> tsql.query(query)).isInstanceOf(TsqlException.class).hasMessage(message);
    }

    @Test
    void shouldCountLinesAndColumnsWhenTheQuerySpansLines()
    {
        assertThatThrownBy(() -> tsql.query("SELECT ts,\n  price\nFROM trades\nWHERE siez > 3"))
            .isInstanceOf(TsqlException.class)
            .hasMessage("line 4, col 7: unknown column 'siez'")
            .satisfies(ex ->
            {
                assertThat(((TsqlException)ex).line()).isEqualTo(4);
                assertThat(((TsqlException)ex).column()).isEqualTo(7);
            });
    }

    @Test
    void shouldGiveEmptyResultsWhenSymbolsAreUnknown()
    {
        assertThat(tsql.query("SELECT ts, price FROM trades WHERE symbol = 'NOPE'").rowCount()).isZero();
        assertThat(tsql.query("SELECT symbol, count(*) FROM trades WHERE symbol IN ('X', 'Y') GROUP BY symbol")
            .rowCount()).isZero();
        assertThat(tsql.query("SELECT ts, max(price) FROM trades WHERE symbol = 'NOPE' SAMPLE BY 1m FILL(PREV)")
            .rowCount()).isZero();
        assertThat(tsql.query("SELECT * FROM trades WHERE symbol = 'NOPE' LATEST BY symbol").rowCount()).isZero();
    }

    @Test
    void shouldNeverThrowAnythingButTsqlExceptionWhenFedRandomQueries()
    {
        final String[] words = {
            "SELECT", "FROM", "trades", "quotes", "bars_1m", "WHERE", "price", "size", "ts", "symbol", "count(*)",
            "max(", "vwap(", ")", "(", ",", "=", ">", "AND", "OR", "NOT", "'AAA'", "'2026-01-05'", "1.5", "-", "*",
            "/", "SAMPLE BY", "1m", "FILL(PREV)", "FILL(LINEAR)", "GROUP BY", "ORDER BY", "LIMIT", "3", "LATEST BY",
            "ASOF JOIN", "ON", "IN", "BETWEEN", "'", "\"", ";", "percentile(", "0.5", "bid", "ask", "#", "9e999" };
        final SplittableRandom random = new SplittableRandom(99);
        int valid = 0;
        for (int i = 0; i < 3_000; i++)
        {
            final StringBuilder query = new StringBuilder(random.nextInt(4) == 0 ? "" : "SELECT ");
            final int length = 1 + random.nextInt(14);
            for (int w = 0; w < length; w++)
            {
                query.append(words[random.nextInt(words.length)]).append(random.nextBoolean() ? " " : "");
            }
            try
            {
                tsql.query(query.toString());
                valid++;
            }
            catch (final TsqlException ex)
            {
                assertThat(ex.getMessage()).as(query.toString()).isNotBlank();
            }
        }
        final String good = "SELECT price FROM trades WHERE symbol = 'AAA' LIMIT 3";
        assertThat(tsql.query(good).rowCount()).isEqualTo(3);
        assertThat(valid).isGreaterThanOrEqualTo(0);
    }
}
