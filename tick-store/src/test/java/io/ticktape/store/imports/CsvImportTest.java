package io.ticktape.store.imports;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvImportTest
{
    private static final String ROLL = "FAST_DAILY";

    @TempDir
    Path dataDir;

    @TempDir
    Path tmp;

    @Test
    void shouldImportEveryTimestampFormAtEachSymbolsExponent() throws Exception
    {
        final Path csv = tmp.resolve("trades.csv");
        Files.writeString(csv, String.join("\n",
            "ts,symbol,price,size,side",
            "1719878281000000000,ESU4,5529.25,2,buy",
            "2024-07-01T23:58:01.5Z,ESU4,5529.5,1,s",
            "2024-07-02T00:58:01.123456789+01:00,ESU4,5529,3,",
            "2024-07-01 23:58:02,SPRD,-0.125,7,2",
            "\"2024-07-01T23:58:03Z\",\"SPRD\",\"100\",\"1\",\"B\"",
            ""));
        final ImportReport report = importCsv(csv, dataDir);
        assertThat(report.bad()).isZero();
        assertThat(report.records()).isEqualTo(5);
        assertThat(report.trades()).isEqualTo(5);
        assertThat(report.definitions()).isEqualTo(2);

        final List<Tick> ticks = readJournal(dataDir);
        assertThat(ticks).hasSize(7);
        assertThat(ticks.subList(0, 2)).allMatch(t -> t.type == TickType.INSTRUMENT, "definitions first");
        assertThat(ticks.get(0).symbolAsString()).isEqualTo("ESU4");
        assertThat(ticks.get(0).priceExponent).isEqualTo(-2);
        assertThat(ticks.get(1).symbolAsString()).isEqualTo("SPRD");
        assertThat(ticks.get(1).priceExponent).isEqualTo(-3);
        assertThat(ticks.subList(2, 7)).extracting(t -> t.exchangeTimeNs).containsExactly(
            1_719_878_281_000_000_000L, 1_719_878_281_500_000_000L, 1_719_878_281_123_456_789L,
            1_719_878_282_000_000_000L, 1_719_878_283_000_000_000L);
        assertThat(ticks.subList(2, 7)).extracting(t -> t.priceMantissa)
            .containsExactly(552_925L, 552_950L, 552_900L, -125L, 100_000L);
        assertThat(ticks.subList(2, 7)).extracting(t -> t.aggressorSide)
            .containsExactly((byte)1, (byte)2, (byte)0, (byte)2, (byte)1);
        assertThat(ticks).extracting(t -> t.globalSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        // A second import continues the sequence and reuses instruments with the same exponent.
        final ImportReport again = importCsv(csv, dataDir);
        assertThat(again.firstGlobalSeq()).isEqualTo(8);
        final List<Tick> all = readJournal(dataDir);
        assertThat(all).hasSize(14);
        assertThat(all.get(7).instrumentId).isEqualTo(all.get(0).instrumentId);
    }

    @Test
    void shouldCountBadRowsWithTheirLineNumbersAndImportTheRest() throws Exception
    {
        final Path csv = tmp.resolve("bad.csv");
        final byte[] binary = { 'x', ',', (byte)0xFF, (byte)0xFE, ',', '1', ',', '1', '\n' };
        Files.writeString(csv, String.join("\n",
            "symbol,ts,size,price",
            "ES,1000,1,10.5",
            "ES,1000,1",
            "ES,yesterday,1,10",
            "ES,1001,1,ten",
            "ES,1002,-5,10",
            "ES,1003,1.5,10",
            ",1004,1,10",
            "ES,1005,2,10.25",
            "ES,1006,1,1e400",
            "THIS_SYMBOL_IS_TOO_LONG,1007,1,1",
            ""), StandardCharsets.ISO_8859_1);
        Files.write(csv, binary, java.nio.file.StandardOpenOption.APPEND);
        final ImportReport report = importCsv(csv, dataDir);
        assertThat(report.trades()).isEqualTo(2);
        assertThat(report.records()).isEqualTo(11);
        assertThat(report.bad()).isEqualTo(9);
        assertThat(report.problems()).containsExactly(
            "line 3: expected at least 4 fields, found 3",
            "line 4: bad ts 'yesterday' (epoch ns or ISO-8601)",
            "line 5: bad price 'ten'",
            "line 6: negative size '-5'",
            "line 7: bad size '1.5' (a whole number)",
            "line 8: bad symbol '' (1 to 16 printable ASCII characters)",
            "line 10: price '1e400' out of range",
            "line 11: bad symbol 'THIS_SYMBOL_IS_TOO_LONG' (1 to 16 printable ASCII characters)",
            "line 12: bad ts '\u00FF\u00FE' (epoch ns or ISO-8601)");
        final List<Tick> ticks = readJournal(dataDir);
        assertThat(ticks.get(1).priceMantissa).isEqualTo(1050);
        assertThat(ticks.get(2).priceMantissa).isEqualTo(1025);
    }

    @Test
    void shouldRejectAFileWithoutTheHeader() throws Exception
    {
        final Path csv = tmp.resolve("noheader.csv");
        Files.writeString(csv, "1000,ES,10,1\n");
        assertThatThrownBy(() -> importCsv(csv, dataDir)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("header must name ts,symbol,price,size");
        final Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> importCsv(empty, dataDir)).hasMessageContaining("is empty");
    }

    static ImportReport importCsv(final Path csv, final Path dir)
    {
        try (TickImporter importer = new TickImporter(dir, ROLL, new Counters()))
        {
            return CsvImport.run(csv, importer);
        }
    }

    static List<Tick> readJournal(final Path dir)
    {
        final List<Tick> ticks = new ArrayList<>();
        try (JournalReader reader = new JournalReader(Journal.open(dir, ROLL, true)))
        {
            reader.readAll(t -> ticks.add(new Tick().copyFrom(t)));
        }
        return ticks;
    }
}
