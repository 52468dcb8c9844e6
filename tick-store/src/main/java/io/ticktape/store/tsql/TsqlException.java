package io.ticktape.store.tsql;

/**
 * A query the engine cannot run: bad syntax, an unknown column or table, a type mismatch. Carries the position of
 * the offending text (1-based line and column) so users see {@code line 1, col 23: unknown column 'prce'} and
 * never a stack trace.
 */
public final class TsqlException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;

    /**
     * @param line    1-based line of the offending text (0 when the query as a whole is at fault).
     * @param column  1-based column.
     * @param problem what is wrong, without the position.
     */
    public TsqlException(final int line, final int column, final String problem)
    {
        super(0 == line ? problem : "line " + line + ", col " + column + ": " + problem, null, false, false);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /**
     * @return 1-based line, or 0 when the error has no position.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return 1-based column, or 0 when the error has no position.
     */
    public int column()
    {
        return column;
    }

    /**
     * @return the problem without the position prefix.
     */
    public String problem()
    {
        return problem;
    }
}
