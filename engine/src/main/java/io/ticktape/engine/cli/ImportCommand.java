package io.ticktape.engine.cli;

import io.ticktape.protocol.status.Counters;
import io.ticktape.store.history.ColumnarHistory;
import io.ticktape.store.history.HistoryBuilder;
import io.ticktape.store.imports.CsvImport;
import io.ticktape.store.imports.DbnImport;
import io.ticktape.store.imports.ImportReport;
import io.ticktape.store.imports.TickImporter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ticktape import --csv FILE | --dbn FILE}: history into the journal (new global sequence numbers, instrument
 * definitions first), then the history tier brought up to date.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Load history (CSV ts,symbol,price,size or Databento DBN trades/MBP-1) into the tick store.")
final class ImportCommand implements Callable<Integer>
{
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    static final class Source
    {
        @Option(names = "--csv", description = "CSV file with a header naming ts,symbol,price,size (side optional).")
        Path csv;

        @Option(names = "--dbn", description = "Databento DBN file (v1-v3, plain or .zst; trades or MBP-1).")
        Path dbn;
    }

    @Override
    public Integer call() throws IOException
    {
        final Path file = null != source.csv ? source.csv : source.dbn;
        if (!Files.isReadable(file) || Files.isDirectory(file))
        {
            throw new IllegalArgumentException("cannot read " + file);
        }
        if (HistoryBuilder.heldByAnother(dataDir))
        {
            throw new IllegalStateException("an engine is running on " + dataDir + "; stop it before importing " +
                "(its global sequence numbers and the import's would interleave)");
        }
        final Counters counters = new Counters();
        final ImportReport report;
        try (TickImporter importer = new TickImporter(dataDir, rollCycle, counters))
        {
            report = null != source.csv ? CsvImport.run(file, importer) : DbnImport.run(file, importer);
        }
        final PrintStream out = System.out;
        out.println("imported " + file + ": " + report);
        for (final String problem : report.problems())
        {
            out.println("  bad " + problem);
        }
        if (report.bad() > report.problems().size())
        {
            out.println("  ... and " + (report.bad() - report.problems().size()) + " more bad records");
        }
        final long startNs = System.nanoTime();
        final long indexed = HistoryBuilder.catchUp(dataDir, rollCycle, counters);
        out.printf("history tier: %d journal ticks read in %.3f s%n", indexed, (System.nanoTime() - startNs) / 1e9);
        if (indexed >= 0)
        {
            try (ColumnarHistory history = ColumnarHistory.open(dataDir))
            {
                final ColumnarHistory.Stats stats = history.stats();
                out.printf("history tier size: %d trades in %d bytes (%.2f a trade), %d quotes in %d bytes " +
                    "(%.2f a quote)%n", stats.tradeRows, stats.tradeBytes, ratio(stats.tradeBytes, stats.tradeRows),
                    stats.quoteRows, stats.quoteBytes, ratio(stats.quoteBytes, stats.quoteRows));
            }
        }
        return 0;
    }

    private static double ratio(final long bytes, final long rows)
    {
        return rows == 0 ? 0 : (double)bytes / rows;
    }
}
