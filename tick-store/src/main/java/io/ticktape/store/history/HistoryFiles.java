package io.ticktape.store.history;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the history tier keeps its files, under {@code dataDir/history}:
 * <pre>
 *  history/
 *    state                      mapped: magic, highest global seq visible to readers
 *    symbols                    text, a line per symbol: exponent,symbol
 *    checkpoint.properties      the builder's journal position and instrument table (rewritten atomically)
 *    builder.lock               held by the one builder of this data directory
 *    2024-07-01/                a partition per UTC day of exchange time
 *      trades/ESU4.col          column file: trades of one symbol that day
 *      quotes/ESU4.col
 * </pre>
 */
public final class HistoryFiles
{
    /** Folder of the history tier under the data directory. */
    public static final String FOLDER = "history";
    static final long DAY_NS = TimeUnit.DAYS.toNanos(1);
    static final long STATE_MAGIC = 0x3130305441545354L; // "TSTAT001"
    static final int STATE_LENGTH = 64;
    static final int VISIBLE_SEQ_OFFSET = 8;

    private HistoryFiles()
    {
    }

    /**
     * @param dataDir the store's data directory.
     * @return the history folder.
     */
    public static Path root(final Path dataDir)
    {
        return dataDir.resolve(FOLDER);
    }

    static long day(final long tsNs)
    {
        return Math.floorDiv(tsNs, DAY_NS);
    }

    static String dayName(final long day)
    {
        return LocalDate.ofEpochDay(day).toString();
    }

    static Path columnFile(final Path root, final long day, final Rows.Kind kind, final String symbol)
    {
        return root.resolve(dayName(day)).resolve(kind.folder).resolve(fileName(symbol) + ".col");
    }

    /**
     * A symbol as a portable file name: letters, digits, '.', '-' and '_' kept, anything else as %XX.
     */
    static String fileName(final String symbol)
    {
        final StringBuilder name = new StringBuilder(symbol.length() + 8);
        for (final byte b : symbol.getBytes(StandardCharsets.UTF_8))
        {
            final char c = (char)(b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || (c == '.' && name.length() > 0))
            {
                name.append(c);
            }
            else
            {
                name.append('%').append(Character.forDigit((c >> 4) & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return name.toString();
    }

    /**
     * @return partition days present, ascending (epoch days).
     */
    static List<Long> days(final Path root)
    {
        final List<Long> days = new ArrayList<>();
        if (!Files.isDirectory(root))
        {
            return days;
        }
        try (Stream<Path> list = Files.list(root))
        {
            list.forEach(p ->
            {
                final String name = p.getFileName().toString();
                if (name.length() == 10 && Files.isDirectory(p))
                {
                    try
                    {
                        days.add(LocalDate.parse(name).toEpochDay());
                    }
                    catch (final RuntimeException ignore)
                    {
                        // Not a partition.
                    }
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        days.sort(null);
        return days;
    }

    /**
     * Read the symbols file: symbol to price exponent, the first line for a symbol winning.
     */
    static Map<String, Integer> readSymbols(final Path root)
    {
        final Map<String, Integer> symbols = new LinkedHashMap<>();
        final Path file = root.resolve("symbols");
        if (!Files.exists(file))
        {
            return symbols;
        }
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final int comma = line.indexOf(',');
                if (comma > 0)
                {
                    try
                    {
                        symbols.putIfAbsent(line.substring(comma + 1), Integer.parseInt(line.substring(0, comma)));
                    }
                    catch (final NumberFormatException ignore)
                    {
                        // A torn last line (crash mid-append): the builder writes it again.
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return symbols;
    }

    /**
     * The mapped state file: the highest global sequence readers can see.
     */
    static final class State implements AutoCloseable
    {
        private final MappedByteBuffer mapped;
        private final UnsafeBuffer buffer;

        State(final Path root, final boolean write)
        {
            final Path file = root.resolve("state");
            try
            {
                if (write)
                {
                    Files.createDirectories(root);
                }
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), write ? "rw" : "r"))
                {
                    if (write && raf.length() < STATE_LENGTH)
                    {
                        raf.setLength(STATE_LENGTH);
                    }
                    mapped = raf.getChannel().map(
                        write ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, STATE_LENGTH);
                }
                buffer = new UnsafeBuffer(mapped);
                if (write && buffer.getLongVolatile(0) != STATE_MAGIC)
                {
                    buffer.putLongVolatile(VISIBLE_SEQ_OFFSET, 0);
                    buffer.putLongVolatile(0, STATE_MAGIC);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot open history state " + file, ex);
            }
        }

        long visibleSeq()
        {
            return buffer.getLongVolatile(0) == STATE_MAGIC ? buffer.getLongVolatile(VISIBLE_SEQ_OFFSET) : 0;
        }

        void visibleSeq(final long seq)
        {
            buffer.putLongRelease(VISIBLE_SEQ_OFFSET, seq);
        }

        @Override
        public void close()
        {
            IoUtil.unmap(mapped);
        }
    }
}
