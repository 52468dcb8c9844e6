package io.ticktape.alerts;

/**
 * A rules file that cannot be used: the message names the file, the line (when known) and what is wrong, e.g.
 * {@code config/alerts.yaml:12: rule 'jump': clearBelow (2.0) must not exceed raiseAbove (1.0)}.
 */
public final class RulesException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param file    the file.
     * @param line    1-based line, or 0 when unknown.
     * @param problem what is wrong.
     */
    public RulesException(final String file, final int line, final String problem)
    {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.line = line;
    }

    /**
     * @return the 1-based line, or 0 when unknown.
     */
    public int line()
    {
        return line;
    }
}
