package io.ticktape.client;

/**
 * A query the engine refused (with the position of the problem, as {@code line 1, col 23: unknown column 'prce'}),
 * or an answer that did not arrive.
 */
public final class TsqlClientException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * @param line    1-based line, 0 without a position.
     * @param column  1-based column.
     * @param message the problem.
     */
    public TsqlClientException(final int line, final int column, final String message)
    {
        super(0 == line ? message : "line " + line + ", col " + column + ": " + message, null, false, false);
        this.line = line;
        this.column = column;
    }

    /**
     * @return 1-based line of the problem, 0 when none.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return 1-based column of the problem, 0 when none.
     */
    public int column()
    {
        return column;
    }
}
