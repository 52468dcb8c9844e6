package io.ticktape.store.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Imports trades from CSV with a header naming at least {@code ts,symbol,price,size} (any order; an optional
 * {@code side} column takes buy/sell/b/s/1/2). {@code ts} is epoch nanoseconds or ISO-8601 (with a zone or offset,
 * or without one meaning UTC). Prices are decimals; each symbol gets the exponent of its most precise price, so
 * every price converts exactly. Two passes: the first finds the exponents, so definitions are journaled first.
 */
public final class CsvImport
{
    /** Most decimal places a price may have. */
    public static final int MAX_DECIMALS = 18;

    private CsvImport()
    {
    }

    /**
     * @param file     the CSV file.
     * @param importer where ticks go.
     * @return what was imported and what was rejected.
     * @throws IllegalArgumentException if the file cannot be read or has no usable header.
     */
    public static ImportReport run(final Path file, final TickImporter importer)
    {
        final long startNs = System.nanoTime();
        final ImportReport report = new ImportReport();
        final Map<String, Integer> exponents = new HashMap<>();
        final int[] columns = readHeaderAndExponents(file, exponents);
        report.firstGlobalSeq = importer.lastGlobalSeq() + 1;

        exponents.keySet().stream().sorted().forEach(symbol -> importer.define(symbol, exponents.get(symbol), 0));
        report.definitions = importer.definitions();

        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))
        {
            reader.readLine();
            String line;
            long lineNumber = 1;
            final String[] fields = new String[columns[4] + 1];
            final long[] parsedTs = new long[1];
            final BigDecimal[] parsedPrice = new BigDecimal[1];
            while (null != (line = reader.readLine()))
            {
                lineNumber++;
                if (line.isBlank())
                {
                    continue;
                }
                report.records++;
                final String problem = parse(line, columns, fields, parsedTs, parsedPrice);
                if (null != problem)
                {
                    report.bad("line " + lineNumber, problem);
                    continue;
                }
                final String symbol = fields[1];
                final int exponent = exponents.get(symbol);
                final long ts = parsedTs[0];
                final long price;
                try
                {
                    price = parsedPrice[0].movePointRight(-exponent).longValueExact();
                }
                catch (final ArithmeticException ex)
                {
                    report.bad("line " + lineNumber, "price '" + fields[2] + "' does not fit at exponent " + exponent);
                    continue;
                }
                final long size = Long.parseLong(fields[3]);
                final byte side = columns[5] >= 0 ? side(fields[4]) : 0;
                importer.trade(importer.define(symbol, exponent, 0), ts, price, size, side, 0, lineNumber);
                report.trades++;
            }
        }
        catch (final IOException ex)
        {
            // A read error part way through: what came before is imported, the rest is reported.
            report.stoppedBy = "cannot read " + file + ": " + ex.getMessage();
        }
        report.lastGlobalSeq = importer.lastGlobalSeq();
        report.elapsedNs = System.nanoTime() - startNs;
        return report;
    }

    /**
     * Columns: [ts, symbol, price, size] indices, [4] the highest index needed, [5] side index or -1.
     */
    private static int[] readHeaderAndExponents(final Path file, final Map<String, Integer> exponents)
    {
        if (!Files.isReadable(file))
        {
            throw new IllegalArgumentException("cannot read " + file);
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))
        {
            final String header = reader.readLine();
            if (null == header)
            {
                throw new IllegalArgumentException(file + " is empty: expected a header ts,symbol,price,size");
            }
            final String[] names = header.replace("\uFEFF", "").split(",", -1);
            final int[] columns = { -1, -1, -1, -1, 0, -1 };
            for (int i = 0; i < names.length; i++)
            {
                final String name = unquote(names[i]).toLowerCase(Locale.ROOT);
                final int at = switch (name)
                {
                    case "ts" -> 0;
                    case "symbol" -> 1;
                    case "price" -> 2;
                    case "size" -> 3;
                    case "side" -> 5;
                    default -> -1;
                };
                if (at >= 0 && columns[at] < 0)
                {
                    columns[at] = i;
                    columns[4] = Math.max(columns[4], i);
                }
            }
            for (int c = 0; c < 4; c++)
            {
                if (columns[c] < 0)
                {
                    throw new IllegalArgumentException(file + ": header must name ts,symbol,price,size; found '" +
                        header + "'");
                }
            }
            final String[] fields = new String[columns[4] + 1];
            final long[] ts = new long[1];
            final BigDecimal[] price = new BigDecimal[1];
            String line;
            while (null != (line = reader.readLine()))
            {
                if (null == parse(line, columns, fields, ts, price))
                {
                    final int exponent = -price[0].stripTrailingZeros().scale();
                    exponents.merge(fields[1], Math.min(0, exponent), Math::min);
                }
            }
            return columns;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
        }
    }

    /**
     * Split and check a data line; fields come out as [ts, symbol, price, size, side].
     *
     * @return null if good, else the problem.
     */
    private static String parse(
        final String line, final int[] columns, final String[] fields, final long[] ts, final BigDecimal[] price)
    {
        final String[] raw = line.split(",", -1);
        if (raw.length <= columns[4])
        {
            return "expected at least " + (columns[4] + 1) + " fields, found " + raw.length;
        }
        fields[0] = unquote(raw[columns[0]]);
        fields[1] = unquote(raw[columns[1]]);
        fields[2] = unquote(raw[columns[2]]);
        fields[3] = unquote(raw[columns[3]]);
        if (fields.length > 4)
        {
            fields[4] = columns[5] >= 0 ? unquote(raw[columns[5]]) : "";
        }
        if (fields[1].isEmpty() || fields[1].length() > io.ticktape.protocol.tick.Tick.SYMBOL_CAPACITY ||
            !printableAscii(fields[1]))
        {
            return "bad symbol '" + fields[1] + "' (1 to 16 printable ASCII characters)";
        }
        try
        {
            ts[0] = parseTs(fields[0]);
        }
        catch (final RuntimeException ex)
        {
            return "bad ts '" + fields[0] + "' (epoch ns or ISO-8601)";
        }
        try
        {
            price[0] = new BigDecimal(fields[2]);
            final int scale = price[0].stripTrailingZeros().scale();
            if (scale > MAX_DECIMALS ||
                price[0].abs().movePointRight(Math.max(0, scale)).toBigInteger().bitLength() > 62)
            {
                return "price '" + fields[2] + "' out of range";
            }
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            return "bad price '" + fields[2] + "'";
        }
        try
        {
            if (Long.parseLong(fields[3]) < 0)
            {
                return "negative size '" + fields[3] + "'";
            }
        }
        catch (final NumberFormatException ex)
        {
            return "bad size '" + fields[3] + "' (a whole number)";
        }
        if (fields.length > 4 && columns[5] >= 0 && side(fields[4]) < 0)
        {
            return "bad side '" + fields[4] + "'";
        }
        return null;
    }

    /**
     * @param text epoch nanoseconds, or ISO-8601 with or without zone (UTC then).
     * @return epoch nanoseconds.
     */
    public static long parseTs(final String text)
    {
        if (isInteger(text))
        {
            return Long.parseLong(text);
        }
        Instant instant;
        try
        {
            instant = Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            try
            {
                instant = OffsetDateTime.parse(text).toInstant();
            }
            catch (final DateTimeParseException ex2)
            {
                instant = LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static boolean isInteger(final String text)
    {
        if (text.isEmpty() || text.length() > 20)
        {
            return false;
        }
        for (int i = text.charAt(0) == '-' && text.length() > 1 ? 1 : 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean printableAscii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c <= ' ' || c >= 127)
            {
                return false;
            }
        }
        return true;
    }

    private static byte side(final String text)
    {
        switch (text.toLowerCase(Locale.ROOT))
        {
            case "":
            case "0":
            case "n":
            case "none":
                return 0;
            case "1":
            case "b":
            case "buy":
                return 1;
            case "2":
            case "s":
            case "sell":
                return 2;
            default:
                return -1;
        }
    }

    private static String unquote(final String field)
    {
        final String trimmed = field.trim();
        return trimmed.length() >= 2 && trimmed.charAt(0) == '"' && trimmed.charAt(trimmed.length() - 1) == '"' ?
            trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
