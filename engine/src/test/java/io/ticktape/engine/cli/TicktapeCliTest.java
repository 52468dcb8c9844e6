package io.ticktape.engine.cli;

import io.ticktape.protocol.tick.Prices;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user meets it: exit codes, one-line errors, the demo's summary, export.
 */
class TicktapeCliTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldRunDemoTwiceContinuingTheGlobalSequenceAndExportEveryTick() throws Exception
    {
        final Path data = dir.resolve("data");
        final String aeron = dir.resolve("aeron").toString();
        final Path first = dir.resolve("first.json");
        final Path second = dir.resolve("second.json");
        assertThat(CliRun.run("demo", "--duration", "1s", "--rate", "50000", "--instruments", "8", "--data-dir",
            data.toString(), "--summary-json", first.toString(), "--config", config(aeron)).exitCode).isZero();
        assertThat(CliRun.run("demo", "--duration", "1s", "--rate", "50000", "--instruments", "8", "--data-dir",
            data.toString(), "--summary-json", second.toString(), "--config", config(aeron)).exitCode).isZero();

        final Map<String, Long> one = numbers(Files.readString(first));
        final Map<String, Long> two = numbers(Files.readString(second));
        for (final String key : List.of("ticks", "journaled", "published", "dropped", "errors", "p50", "p99", "p999",
            "max", "ticks_per_sec"))
        {
            assertThat(one).containsKey(key);
        }
        assertThat(one.get("ticks")).isGreaterThan(10_000);
        assertThat(one.get("journaled")).isEqualTo(one.get("ticks"));
        assertThat(one.get("errors")).isZero();
        assertThat(one.get("first_global_seq")).isEqualTo(1);
        assertThat(two.get("first_global_seq")).isEqualTo(one.get("last_global_seq") + 1);
        final long total = one.get("ticks") + two.get("ticks");

        final Path csv = dir.resolve("ticks.csv");
        final CliRun export = CliRun.run("export", "--data-dir", data.toString(), "--format", "csv", "--output", csv.toString());
        assertThat(export.exitCode).as(export.err).isZero();
        final List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("seq,ts_ns,symbol,type,price,size,bid,bid_size,ask,ask_size");

        // Every journaled trade and quote, in order, formatted from the journal with the instrument's exponent.
        final List<String> expected = new ArrayList<>();
        final Map<Integer, String> symbols = new HashMap<>();
        final Map<Integer, Integer> exponents = new HashMap<>();
        final long[] count = { 0 };
        try (JournalReader reader = new JournalReader(Journal.open(data, "FAST_DAILY", true)))
        {
            reader.readAll(t ->
            {
                count[0]++;
                // Across the restart: dense, no repeat, no hole.
                assertThat(t.globalSeq).isEqualTo(count[0]);
                if (t.type == TickType.INSTRUMENT)
                {
                    symbols.put(t.instrumentId, t.symbolAsString());
                    exponents.put(t.instrumentId, t.priceExponent);
                    return;
                }
                final int e = exponents.get(t.instrumentId);
                expected.add(t.type == TickType.TRADE ?
                    t.globalSeq + "," + t.exchangeTimeNs + "," + symbols.get(t.instrumentId) + ",trade," +
                    Prices.toPlain(t.priceMantissa, e) + "," + t.size + ",,,," :
                    t.globalSeq + "," + t.exchangeTimeNs + "," + symbols.get(t.instrumentId) + ",quote,,," +
                    Prices.toPlain(t.bidPriceMantissa, e) + "," + t.bidSize + "," +
                    Prices.toPlain(t.askPriceMantissa, e) + "," + t.askSize);
            });
        }
        assertThat(count[0]).isEqualTo(total);
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
        assertThat(lines).anyMatch(line -> line.contains(",ESZ6-ESH7,trade,-"));
    }

    @Test
    void shouldGiveOneLineErrorsAndExitTwoOnBadArguments()
    {
        assertOneLineError(CliRun.run("demo", "--duration", "banana"), "invalid duration 'banana'");
        assertOneLineError(CliRun.run("demo", "--rate", "-5"), "--rate must be positive or max");
        assertOneLineError(CliRun.run("demo", "--instruments", "0"), "--instruments must be at least 1");
        assertOneLineError(CliRun.run("demo", "--config", dir.resolve("absent.yaml").toString()), "absent.yaml");
        assertOneLineError(CliRun.run("export", "--data-dir", dir.resolve("empty").toString()), "no journal in");
        assertOneLineError(CliRun.run("export", "--data-dir", dir.toString(), "--format", "parquet"),
            "parquet needs --output FILE");
        assertOneLineError(CliRun.run("export", "--data-dir", dir.toString(), "--format", "xml"), "unknown format 'xml'");
        assertOneLineError(CliRun.run("tail", "--stream", "gossip", "--aeron-dir", dir.toString()), "unknown stream 'gossip'");
        assertOneLineError(CliRun.run("run"), "run needs --config FILE");
        final CliRun unknown = CliRun.run("frobnicate");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("Unmatched argument");
    }

    private String config(final String aeronDir) throws Exception
    {
        final Path file = dir.resolve("engine.yaml");
        Files.writeString(file, "!io.ticktape.engine.EngineConfig { embeddedAeronDir: \"" + aeronDir + "\" }\n");
        return file.toString();
    }

    private static void assertOneLineError(final CliRun result, final String message)
    {
        assertThat(result.exitCode).as(result.err).isEqualTo(2);
        assertThat(result.err.strip()).contains(message).doesNotContain("\n").doesNotContain("Exception");
    }

    private static Map<String, Long> numbers(final String json)
    {
        final Map<String, Long> values = new HashMap<>();
        final Matcher matcher = Pattern.compile("\"([a-z0-9_.]+)\": (-?[0-9]+)(\\.[0-9]+)?").matcher(json);
        while (matcher.find())
        {
            values.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return values;
    }

}
