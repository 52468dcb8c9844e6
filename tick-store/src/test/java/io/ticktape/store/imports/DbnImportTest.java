package io.ticktape.store.imports;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.airlift.compress.zstd.ZstdInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DBN imports against Databento's own files in {@code ../shared/data}. Expected values: the databento/dbn test
 * files hold 2 records each (ESH1, instrument 5482, 2020-12-28: trades at 3720.25 x 5 and x 21, see SOURCE.txt);
 * the GLBX trades file's 120 ESU4 trades, volume 253 and VWAP 5529.0336 come from an independent Python reader
 * (SOURCE.txt), and its first trade (5528.75 x 2, buyer aggressor) was read by hand from a hex dump of the
 * decompressed file (record at byte 0xce).
 */
class DbnImportTest
{
    private static final Path DBN = Path.of("..", "..", "shared", "data", "databento-dbn");
    private static final Path GLBX = Path.of("..", "..", "shared", "data", "databento-glbx", "historical_bars_catalog");
    private static final String ROLL = "FAST_DAILY";

    @TempDir
    Path dataDir;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = { "test_data.trades.dbn", "test_data.trades.v1.dbn.zst", "test_data.trades.v2.dbn.zst",
        "test_data.trades.v3.dbn.zst" })
    void shouldDecodeTheSameTradesFromEveryVersion(final String name) throws Exception
    {
        final Path file = DBN.resolve(name);
        assumeTrue(Files.exists(file), "no " + file);
        final ImportReport report = importDbn(file);
        assertThat(report.records()).isEqualTo(2);
        assertThat(report.trades()).isEqualTo(2);
        assertThat(report.bad()).isZero();
        final List<Tick> ticks = readJournal();
        assertThat(ticks.get(0).type).isEqualTo(TickType.INSTRUMENT);
        assertThat(ticks.get(0).symbolAsString()).isEqualTo("ESH1");
        assertThat(ticks.get(0).priceExponent).isEqualTo(-9);
        final Tick first = ticks.get(1);
        assertThat(first.priceMantissa).isEqualTo(3_720_250_000_000L);
        assertThat(first.size).isEqualTo(5);
        assertThat(first.aggressorSide).isEqualTo((byte)2); // 'A': the seller hit the bid
        assertThat(Instant.ofEpochSecond(0, first.exchangeTimeNs).toString()).startsWith("2020-12-28T13:00:00.098");
        assertThat(ticks.get(2).size).isEqualTo(21);
        assertThat(ticks.get(2).priceMantissa).isEqualTo(3_720_250_000_000L);
        assertThat(ticks).extracting(t -> t.globalSeq).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest
    @ValueSource(strings = { "test_data.mbp-1.dbn", "test_data.mbp-1.v1.dbn.zst", "test_data.mbp-1.v3.dbn.zst" })
    void shouldDecodeMbp1(final String name) throws Exception
    {
        final Path file = DBN.resolve(name);
        assumeTrue(Files.exists(file), "no " + file);
        final ImportReport report = importDbn(file);
        assertThat(report.records()).isEqualTo(2);
        assertThat(report.trades() + report.quotes() + report.skipped()).isEqualTo(2);
        assertThat(report.bad()).isZero();
        for (final Tick tick : readJournal())
        {
            if (tick.type == TickType.QUOTE)
            {
                assertThat(tick.bidPriceMantissa).isLessThanOrEqualTo(tick.askPriceMantissa);
                assertThat(tick.bidPriceMantissa / 1_000_000_000L).isBetween(3000L, 4000L);
            }
        }
    }

    @Test
    void shouldImportTheGlbxTradesFile() throws Exception
    {
        final Path file = GLBX.resolve("futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
        assumeTrue(Files.exists(file), "no " + file);
        final ImportReport report = importDbn(file);
        assertThat(report.records()).isEqualTo(120);
        assertThat(report.trades()).isEqualTo(120);
        assertThat(report.definitions()).isEqualTo(1);
        final List<Tick> ticks = readJournal();
        assertThat(ticks.get(0).symbolAsString()).isEqualTo("ESU4");
        final Tick first = ticks.get(1);
        assertThat(first.priceMantissa).isEqualTo(5_528_750_000_000L);
        assertThat(first.size).isEqualTo(2);
        assertThat(first.aggressorSide).isEqualTo((byte)1);
        long volume = 0;
        double notional = 0;
        for (final Tick t : ticks)
        {
            if (t.type == TickType.TRADE)
            {
                volume += t.size;
                notional += t.size * (t.priceMantissa / 1e9);
            }
        }
        assertThat(volume).isEqualTo(253);
        assertThat(notional / volume).isCloseTo(5529.0336, org.assertj.core.data.Offset.offset(0.0001));
    }

    @Test
    void shouldImportTheGlbxMbp1File() throws Exception
    {
        final Path file = GLBX.resolve("futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
        assumeTrue(Files.exists(file), "no " + file);
        final ImportReport report = importDbn(file);
        assertThat(report.records()).isEqualTo(2288);
        assertThat(report.bad()).isZero();
        assertThat(report.trades() + report.quotes() + report.skipped()).isEqualTo(2288);
        assertThat(report.trades()).as("the trades file's 120 trades are in the MBP-1 stream").isEqualTo(120);
        assertThat(report.quotes()).isPositive();
    }

    @Test
    void shouldSkipSchemasItDoesNotImport() throws Exception
    {
        final Path file = GLBX.resolve("futures_ohlcv-1m_2024-07-01T23-40_2024-07-02T00-10.dbn.zst");
        assumeTrue(Files.exists(file), "no " + file);
        final ImportReport report = importDbn(file);
        assertThat(report.records()).isEqualTo(60);
        assertThat(report.skipped()).isEqualTo(60);
        assertThat(report.trades() + report.quotes()).isZero();
    }

    @Test
    void shouldKeepWhatCameBeforeATruncatedRecord() throws Exception
    {
        final Path source = GLBX.resolve("futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
        assumeTrue(Files.exists(source), "no " + source);
        final byte[] plain;
        try (InputStream in = new ZstdInputStream(Files.newInputStream(source)))
        {
            plain = in.readAllBytes();
        }
        // Metadata (206 bytes) + 10 whole records + half of the 11th.
        final Path cut = tmp.resolve("cut.dbn");
        Files.write(cut, Arrays.copyOf(plain, 206 + 10 * 48 + 24));
        final ImportReport report = importDbn(cut);
        assertThat(report.trades()).isEqualTo(10);
        assertThat(report.bad()).isEqualTo(1);
        assertThat(report.problems().get(0)).startsWith("record 11: ").contains("truncated");
        assertThat(report.stoppedBy()).contains("truncated");

        // A compressed file cut short: the zstd stream ends early; no crash, what decoded is kept.
        final byte[] zst = Files.readAllBytes(source);
        final Path cutZst = tmp.resolve("cut.dbn.zst");
        Files.write(cutZst, Arrays.copyOf(zst, zst.length / 2));
        // This file is one small zstd block, so nothing decodes: a clear error, never a crash or a hang.
        try
        {
            final ImportReport zReport = importDbnInto(cutZst, tmp.resolve("data2"));
            assertThat(zReport.stoppedBy()).isNotNull();
            assertThat(zReport.trades()).isLessThan(120);
        }
        catch (final DbnReader.DbnFormatException ex)
        {
            assertThat(ex.getMessage()).contains("not a readable DBN file");
        }

        // A record claiming to be shorter than a record header.
        final byte[] bad = Arrays.copyOf(plain, 206 + 48 + 48);
        bad[206 + 48] = 1;
        final Path badLength = tmp.resolve("bad-length.dbn");
        Files.write(badLength, bad);
        final ImportReport lReport = importDbnInto(badLength, tmp.resolve("data3"));
        assertThat(lReport.trades()).isEqualTo(1);
        assertThat(lReport.problems().get(0)).contains("shorter than a record header");
    }

    @Test
    void shouldRejectFilesThatAreNotDbn() throws Exception
    {
        final Path text = tmp.resolve("text.dbn");
        Files.writeString(text, "ts,symbol,price,size\n1,ES,1,1\n");
        assertThatThrownBy(() -> importDbn(text)).isInstanceOf(DbnReader.DbnFormatException.class)
            .hasMessageContaining("no 'DBN' magic");
        final Path empty = tmp.resolve("empty.dbn");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> importDbn(empty)).isInstanceOf(DbnReader.DbnFormatException.class);
        final Path version = tmp.resolve("v9.dbn");
        Files.write(version, new byte[]{ 'D', 'B', 'N', 9, 0, 0, 0, 0 });
        assertThatThrownBy(() -> importDbn(version)).hasMessageContaining("unsupported DBN version 9");
        final Path metadata = tmp.resolve("short-metadata.dbn");
        Files.write(metadata, new byte[]{ 'D', 'B', 'N', 1, (byte)200, 0, 0, 0, 1, 2, 3 });
        assertThatThrownBy(() -> importDbn(metadata)).hasMessageContaining("truncated DBN metadata");

        final Path fragment = DBN.resolve("test_data.definition.v1.dbn.frag");
        final Path legacy = DBN.resolve("test_data.trades.dbz");
        assumeTrue(Files.exists(fragment) && Files.exists(legacy));
        assertThatThrownBy(() -> importDbn(fragment)).hasMessageContaining("no 'DBN' magic");
        assertThatThrownBy(() -> importDbn(legacy)).hasMessageContaining("legacy DBZ");
    }

    private ImportReport importDbn(final Path file) throws Exception
    {
        return importDbnInto(file, dataDir);
    }

    private static ImportReport importDbnInto(final Path file, final Path dir) throws Exception
    {
        try (TickImporter importer = new TickImporter(dir, ROLL, new Counters()))
        {
            return DbnImport.run(file, importer);
        }
    }

    private List<Tick> readJournal()
    {
        final List<Tick> ticks = new ArrayList<>();
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, ROLL, true)))
        {
            reader.readAll(t -> ticks.add(new Tick().copyFrom(t)));
        }
        return ticks;
    }
}
