package io.ticktape.store.tsql;

/**
 * One lexical token with the position of its first character.
 */
record Token(Kind kind, String text, int line, int column)
{
    enum Kind
    {
        IDENT, NUMBER, DURATION, STRING, SYMBOL, EOF
    }

    boolean isKeyword(final String keyword)
    {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(final String symbol)
    {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe()
    {
        switch (kind)
        {
            case EOF:
                return "end of query";
            case STRING:
                return "'" + text + "'";
            default:
                return "'" + text + "'";
        }
    }
}
