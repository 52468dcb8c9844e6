package io.ticktape.engine.cli;

import io.ticktape.feed.FeedFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code feed --pcap} on the real CME capture (read from ../shared/data in place): both lines arbitrated to one
 * copy of each packet, every trade journaled, and exported with decimal prices.
 */
class FeedCommandTest
{
    private static final Path CAPTURE =
        Path.of("..", "..", "shared", "data", "cme-mdp3", "Mdp3.Sbe.v1.6", "Cme.Mdp3.Sbe.v6.1.pcap");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldJournalTheCaptureOnceAndExportDecimalPrices() throws Exception
    {
        assumeTrue(Files.isReadable(CAPTURE), "no CME capture here");
        assumeTrue(mdp3Available(), "this build has no mdp3 codecs (schemas absent at build time)");
        final Path data = dir.resolve("data");
        final Path summary = dir.resolve("summary.json");
        final Path config = dir.resolve("engine.yaml");
        Files.writeString(config, "!io.ticktape.engine.EngineConfig { embeddedAeronDir: \"" +
            dir.resolve("aeron") + "\" }\n");
        assertThat(TicktapeCli.execute("feed", "--pcap", CAPTURE.toString(), "--format", "mdp3", "--data-dir",
            data.toString(), "--config", config.toString(), "--summary-json", summary.toString())).isZero();

        final String json = Files.readString(summary);
        assertThat(json).contains("\"340\": {\"packets\": 10000, \"passed\": 5000, \"duplicates\": 5000, " +
            "\"reordered\": 0, \"gaps\": 0");
        assertThat(json).containsPattern("\"errors\": 0,");
        assertThat(json).doesNotContainPattern("\\.malformed\\.[a-z_]+\": [1-9]");

        final Path csv = dir.resolve("trades.csv");
        assertThat(TicktapeCli.execute("export", "--data-dir", data.toString(), "--table", "trades", "--format",
            "csv", "--output", csv.toString())).isZero();
        final List<String> rows = Files.readAllLines(csv);
        // Template 42 entries on one line of the capture; trade summaries never repeat across A and B here.
        assertThat(rows.size() - 1).isEqualTo(countCounter(json, "feed.pcap.trades"));
        // MsgSeqNum 5719: security 75583 traded at -39500000000 (PRICE9), 1 lot, at 1478961300016553975.
        assertThat(rows).anyMatch(row -> row.matches("\\d+,1478961300016553975,#75583,trade,-39\\.5,1,,,,"));
    }

    private static boolean mdp3Available()
    {
        try
        {
            FeedFormat.of("mdp3");
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static long countCounter(final String json, final String label)
    {
        final java.util.regex.Matcher matcher =
            java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(label) + "\": (\\d+)").matcher(json);
        assertThat(matcher.find()).as(label).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
