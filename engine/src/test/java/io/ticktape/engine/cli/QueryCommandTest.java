package io.ticktape.engine.cli;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.engine.Await;
import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.TicktapeEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ticktape query} directly over a data directory and over Aeron against a running engine (its TSQL service),
 * on the journal of a simulated run: both give the same answer; bad queries give one positioned line and status 2.
 */
class QueryCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldAnswerTheSameDirectlyAndOverAeronWhenTheEngineRuns() throws Exception
    {
        final String aeronDir = dir.resolve("aeron").toString();
        final Path data = dir.resolve("data");
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)))
        {
            final EngineConfig config = new EngineConfig();
            config.dataDir = data.toString();
            config.aeronDir = driver.aeronDirectoryName();
            config.awaitSubscribersTimeout = "0s";
            config.simulator.seed = 3;
            config.simulator.instruments = 6;
            config.simulator.rate = 1_000;
            config.simulator.paced = false;
            config.simulator.maxMessages = 20_000;
            final TicktapeEngine engine = TicktapeEngine.launch(config);
            try
            {
                Await.until(engine::feedDone, 2, TimeUnit.MINUTES);
                assertThat(engine.stopFeedAndDrain(60_000)).isTrue();

                final String query = "SELECT symbol, count(*), sum(size), min(price), max(price), last(price), " +
                    "vwap(price, size) FROM trades GROUP BY symbol";
                final CliRun direct = CliRun.run("query", "--data-dir", data.toString(), "--format", "csv", query);
                assertThat(direct.exitCode).as(direct.err).isZero();
                final List<String> lines = direct.out.lines().toList();
                assertThat(lines.get(0)).isEqualTo("symbol,count(*),sum(size),min(price),max(price),last(price)," +
                    "\"vwap(price, size)\"");
                assertThat(lines).hasSize(1 + 6);

                final CliRun remote = CliRun.run("query", "--aeron-dir", driver.aeronDirectoryName(), "--format", "csv",
                    query);
                assertThat(remote.exitCode).as(remote.err).isZero();
                assertThat(remote.out).isEqualTo(direct.out);

                final CliRun json = CliRun.run("query", "--aeron-dir", driver.aeronDirectoryName(), "--format", "json",
                    "SELECT symbol, ts, price FROM trades LATEST BY symbol");
                assertThat(json.exitCode).as(json.err).isZero();
                assertThat(json.out).startsWith("[\n  {\"symbol\": \"").contains("\"ts\": \"").endsWith("]\n");

                final CliRun table = CliRun.run("query", "--data-dir", data.toString(),
                    "SELECT ts, max(price) FROM trades WHERE symbol = 'NOPE' SAMPLE BY 1m");
                assertThat(table.exitCode).isZero();
                assertThat(table.out).isEqualTo("ts  max(price)\n--  ----------\n(0 rows)\n");

                final CliRun bad = CliRun.run("query", "--aeron-dir", driver.aeronDirectoryName(),
                    "SELECT prce FROM trades");
                assertThat(bad.exitCode).isEqualTo(2);
                assertThat(bad.err).isEqualTo("ticktape query: line 1, col 8: unknown column 'prce'\n");
                final CliRun badLocal = CliRun.run("query", "--data-dir", data.toString(), "SELECT price FROM trades " +
                    "SAMPLE BY 1x");
                assertThat(badLocal.exitCode).isEqualTo(2);
                assertThat(badLocal.err).isEqualTo("ticktape query: line 1, col 36: unknown interval unit in '1x', " +
                    "expected ms, s, m, h or d\n");
                assertThat(engine.counters().value("tsql.responses_completed")).isEqualTo(2);
            }
            finally
            {
                engine.close();
            }
        }
        final CliRun missing = CliRun.run("query", "--data-dir", dir.resolve("nothing").toString(), "SELECT * FROM trades");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).startsWith("ticktape query: no journal in ");
    }

}
