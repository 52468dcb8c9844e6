package io.ticktape.store.tsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser of TSQL into {@link Ast.Query}. Grammar (see docs/tsql.md):
 * <pre>
 * query    := SELECT item {, item} FROM table [ASOF JOIN table ON column] [WHERE expr] [LATEST BY column]
 *             [SAMPLE BY duration [FILL(NONE|NULL|PREV|LINEAR)] [ALIGN TO CALENDAR]]
 *             [GROUP BY column {, column}] [ORDER BY expr [ASC|DESC] {, ...}] [LIMIT n] [;]
 * expr     := or;  or := and {OR and};  and := not {AND not};  not := NOT not | cmp
 * cmp      := add [(=|!=|&lt;&gt;|&lt;|&lt;=|&gt;|&gt;=) add | [NOT] BETWEEN add AND add | [NOT] IN (expr, ...)]
 * add      := mul {(+|-) mul};  mul := unary {(*|/|%) unary};  unary := -unary | primary
 * primary  := number | 'string' | NULL | name(args) | [qualifier.]column | (expr)
 * </pre>
 */
final class Parser
{
    private static final String[] RESERVED = {
        "SELECT", "FROM", "WHERE", "ASOF", "JOIN", "ON", "LATEST", "SAMPLE", "FILL", "ALIGN", "GROUP", "ORDER", "BY",
        "LIMIT", "AND", "OR", "NOT", "BETWEEN", "IN", "AS", "ASC", "DESC" };

    private final List<Token> tokens;
    private int index;

    private Parser(final List<Token> tokens)
    {
        this.tokens = tokens;
    }

    static Ast.Query parse(final String text)
    {
        if (null == text || text.isBlank())
        {
            throw new TsqlException(1, 1, "empty query");
        }
        return new Parser(Lexer.tokens(text)).query();
    }

    private Ast.Query query()
    {
        expectKeyword("SELECT");
        final List<Ast.SelectItem> select = new ArrayList<>();
        do
        {
            select.add(selectItem());
        }
        while (acceptSymbol(","));
        expectKeyword("FROM");
        final Ast.TableRef from = tableRef();
        Ast.TableRef join = null;
        Ast.ColumnRef joinOn = null;
        if (acceptKeyword("ASOF"))
        {
            expectKeyword("JOIN");
            join = tableRef();
            expectKeyword("ON");
            joinOn = columnRef();
        }
        Ast.Expr where = null;
        if (acceptKeyword("WHERE"))
        {
            where = expr();
        }
        Ast.ColumnRef latestBy = null;
        if (acceptKeyword("LATEST"))
        {
            expectKeyword("BY");
            latestBy = columnRef();
        }
        long sampleNs = 0;
        String fill = "NONE";
        int sampleLine = 0;
        int sampleColumn = 0;
        if (peek().isKeyword("SAMPLE"))
        {
            sampleLine = peek().line();
            sampleColumn = peek().column();
            advance();
            expectKeyword("BY");
            sampleNs = duration(advance());
            if (acceptKeyword("FILL"))
            {
                expectSymbol("(");
                final Token mode = advance();
                fill = mode.text().toUpperCase(Locale.ROOT);
                if (mode.kind() != Token.Kind.IDENT || !(fill.equals("NONE") || fill.equals("NULL") ||
                    fill.equals("PREV") || fill.equals("LINEAR")))
                {
                    throw error(mode, "unknown fill " + mode.describe() + ", expected NONE, NULL, PREV or LINEAR");
                }
                expectSymbol(")");
            }
            if (acceptKeyword("ALIGN"))
            {
                expectKeyword("TO");
                expectKeyword("CALENDAR");
            }
        }
        final List<Ast.ColumnRef> groupBy = new ArrayList<>();
        if (acceptKeyword("GROUP"))
        {
            expectKeyword("BY");
            do
            {
                groupBy.add(columnRef());
            }
            while (acceptSymbol(","));
        }
        final List<Ast.OrderItem> orderBy = new ArrayList<>();
        if (acceptKeyword("ORDER"))
        {
            expectKeyword("BY");
            do
            {
                final Ast.Expr key = expr();
                boolean descending = false;
                if (acceptKeyword("DESC"))
                {
                    descending = true;
                }
                else
                {
                    acceptKeyword("ASC");
                }
                orderBy.add(new Ast.OrderItem(key, descending));
            }
            while (acceptSymbol(","));
        }
        long limit = -1;
        if (acceptKeyword("LIMIT"))
        {
            final Token count = advance();
            if (count.kind() != Token.Kind.NUMBER || count.text().contains(".") || count.text().contains("e"))
            {
                throw error(count, "LIMIT expects a whole number, found " + count.describe());
            }
            try
            {
                limit = Long.parseLong(count.text());
            }
            catch (final NumberFormatException ex)
            {
                throw error(count, "LIMIT too large: " + count.text());
            }
        }
        acceptSymbol(";");
        if (peek().kind() != Token.Kind.EOF)
        {
            throw error(peek(), "unexpected " + peek().describe());
        }
        return new Ast.Query(select, from, join, joinOn, where, latestBy, sampleNs, fill, sampleLine, sampleColumn,
            groupBy, orderBy, limit);
    }

    private Ast.SelectItem selectItem()
    {
        if (peek().isSymbol("*"))
        {
            advance();
            return new Ast.SelectItem(null, null, "*");
        }
        final Ast.Expr expr = expr();
        String alias = null;
        if (acceptKeyword("AS"))
        {
            alias = identifier("an alias");
        }
        else if (peek().kind() == Token.Kind.IDENT && !isReserved(peek()))
        {
            alias = advance().text();
        }
        return new Ast.SelectItem(expr, alias, text(expr));
    }

    private Ast.TableRef tableRef()
    {
        final Token name = peek();
        final String table = identifier("a table name");
        String alias = null;
        if (acceptKeyword("AS"))
        {
            alias = identifier("an alias");
        }
        else if (peek().kind() == Token.Kind.IDENT && !isReserved(peek()))
        {
            alias = advance().text();
        }
        return new Ast.TableRef(table.toLowerCase(Locale.ROOT), alias, name.line(), name.column());
    }

    private Ast.ColumnRef columnRef()
    {
        final Token first = peek();
        final String name = identifier("a column name");
        if (acceptSymbol("."))
        {
            final String column = identifier("a column name");
            return new Ast.ColumnRef(name, column.toLowerCase(Locale.ROOT), first.line(), first.column());
        }
        return new Ast.ColumnRef(null, name.toLowerCase(Locale.ROOT), first.line(), first.column());
    }

    private Ast.Expr expr()
    {
        Ast.Expr left = and();
        while (peek().isKeyword("OR"))
        {
            final Token op = advance();
            left = new Ast.Binary("OR", left, and(), op.line(), op.column());
        }
        return left;
    }

    private Ast.Expr and()
    {
        Ast.Expr left = not();
        while (peek().isKeyword("AND"))
        {
            final Token op = advance();
            left = new Ast.Binary("AND", left, not(), op.line(), op.column());
        }
        return left;
    }

    private Ast.Expr not()
    {
        if (peek().isKeyword("NOT"))
        {
            final Token op = advance();
            return new Ast.Unary("NOT", not(), op.line(), op.column());
        }
        return comparison();
    }

    private Ast.Expr comparison()
    {
        final Ast.Expr left = additive();
        final Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && (t.text().equals("=") || t.text().equals("!=") ||
            t.text().equals("<>") || t.text().equals("<") || t.text().equals("<=") || t.text().equals(">") ||
            t.text().equals(">=")))
        {
            advance();
            final String op = t.text().equals("<>") ? "!=" : t.text();
            return new Ast.Binary(op, left, additive(), t.line(), t.column());
        }
        boolean negated = false;
        if (t.isKeyword("NOT") && (peekAt(1).isKeyword("BETWEEN") || peekAt(1).isKeyword("IN")))
        {
            advance();
            negated = true;
        }
        if (acceptKeyword("BETWEEN"))
        {
            final Ast.Expr low = additive();
            expectKeyword("AND");
            final Ast.Expr high = additive();
            return new Ast.Between(left, low, high, negated, t.line(), t.column());
        }
        if (acceptKeyword("IN"))
        {
            expectSymbol("(");
            final List<Ast.Expr> list = new ArrayList<>();
            do
            {
                list.add(additive());
            }
            while (acceptSymbol(","));
            expectSymbol(")");
            return new Ast.In(left, list, negated, t.line(), t.column());
        }
        return left;
    }

    private Ast.Expr additive()
    {
        Ast.Expr left = multiplicative();
        while (peek().isSymbol("+") || peek().isSymbol("-"))
        {
            final Token op = advance();
            left = new Ast.Binary(op.text(), left, multiplicative(), op.line(), op.column());
        }
        return left;
    }

    private Ast.Expr multiplicative()
    {
        Ast.Expr left = unary();
        while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%"))
        {
            final Token op = advance();
            left = new Ast.Binary(op.text(), left, unary(), op.line(), op.column());
        }
        return left;
    }

    private Ast.Expr unary()
    {
        if (peek().isSymbol("-"))
        {
            final Token op = advance();
            final Ast.Expr operand = unary();
            if (operand instanceof Ast.NumberLit lit && !lit.text().startsWith("-"))
            {
                return new Ast.NumberLit(-lit.mantissa(), lit.exponent(), -lit.doubleValue(), lit.isDouble(),
                    "-" + lit.text(), op.line(), op.column());
            }
            return new Ast.Unary("-", operand, op.line(), op.column());
        }
        if (peek().isSymbol("+"))
        {
            advance();
            return unary();
        }
        return primary();
    }

    private Ast.Expr primary()
    {
        final Token t = peek();
        switch (t.kind())
        {
            case NUMBER:
                advance();
                return number(t);
            case STRING:
                advance();
                return new Ast.StringLit(t.text(), t.line(), t.column());
            case SYMBOL:
                if (t.isSymbol("("))
                {
                    advance();
                    final Ast.Expr inner = expr();
                    expectSymbol(")");
                    return inner;
                }
                throw error(t, "expected an expression, found " + t.describe());
            case IDENT:
                if (t.isKeyword("NULL"))
                {
                    advance();
                    return new Ast.NullLit(t.line(), t.column());
                }
                if (isReserved(t))
                {
                    throw error(t, "expected an expression, found keyword " + t.text().toUpperCase(Locale.ROOT));
                }
                if (peekAt(1).isSymbol("("))
                {
                    advance();
                    advance();
                    final List<Ast.Expr> args = new ArrayList<>();
                    boolean star = false;
                    if (acceptSymbol("*"))
                    {
                        star = true;
                    }
                    else if (!peek().isSymbol(")"))
                    {
                        do
                        {
                            args.add(expr());
                        }
                        while (acceptSymbol(","));
                    }
                    expectSymbol(")");
                    return new Ast.Call(t.text().toLowerCase(Locale.ROOT), args, star, t.line(), t.column());
                }
                return columnRef();
            default:
                throw error(t, "expected an expression, found " + t.describe());
        }
    }

    private static Ast.NumberLit number(final Token t)
    {
        final String text = t.text();
        try
        {
            if (text.contains("e") || text.contains("E"))
            {
                return new Ast.NumberLit(0, 0, Double.parseDouble(text), true, text, t.line(), t.column());
            }
            final java.math.BigDecimal value = new java.math.BigDecimal(text);
            final java.math.BigDecimal stripped = value.scale() > 0 ? value.stripTrailingZeros() : value;
            final int scale = Math.max(0, stripped.scale());
            final long mantissa = stripped.setScale(scale).unscaledValue().longValueExact();
            return new Ast.NumberLit(mantissa, -scale, value.doubleValue(), false, text, t.line(), t.column());
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            return new Ast.NumberLit(0, 0, Double.parseDouble(text), true, text, t.line(), t.column());
        }
    }

    private long duration(final Token t)
    {
        if (t.kind() != Token.Kind.DURATION)
        {
            throw error(t, "expected an interval such as 1s, 1m, 5m, 1h or 1d, found " + t.describe());
        }
        final String text = t.text();
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split)))
        {
            split++;
        }
        final long count;
        try
        {
            count = Long.parseLong(text.substring(0, split));
        }
        catch (final NumberFormatException ex)
        {
            throw error(t, "bad interval '" + text + "'");
        }
        final long unitNs;
        switch (text.substring(split).toLowerCase(Locale.ROOT))
        {
            case "ms":
                unitNs = 1_000_000L;
                break;
            case "s":
                unitNs = 1_000_000_000L;
                break;
            case "m":
                unitNs = 60_000_000_000L;
                break;
            case "h":
                unitNs = 3_600_000_000_000L;
                break;
            case "d":
                unitNs = 86_400_000_000_000L;
                break;
            default:
                throw error(t, "unknown interval unit in '" + text + "', expected ms, s, m, h or d");
        }
        if (count <= 0 || count > 366 * 86_400_000_000_000L / unitNs)
        {
            throw error(t, "interval out of range: '" + text + "'");
        }
        return count * unitNs;
    }

    static String text(final Ast.Expr expr)
    {
        if (expr instanceof Ast.ColumnRef c)
        {
            return null == c.qualifier() ? c.name() : c.qualifier() + "." + c.name();
        }
        if (expr instanceof Ast.NumberLit n)
        {
            return n.text();
        }
        if (expr instanceof Ast.StringLit s)
        {
            return "'" + s.value() + "'";
        }
        if (expr instanceof Ast.NullLit)
        {
            return "NULL";
        }
        if (expr instanceof Ast.Unary u)
        {
            return u.op().equals("NOT") ? "NOT " + text(u.operand()) : "-" + text(u.operand());
        }
        if (expr instanceof Ast.Binary b)
        {
            return text(b.left()) + " " + b.op() + " " + text(b.right());
        }
        if (expr instanceof Ast.Call c)
        {
            final StringBuilder sb = new StringBuilder(c.name()).append('(');
            if (c.star())
            {
                sb.append('*');
            }
            for (int i = 0; i < c.args().size(); i++)
            {
                sb.append(i > 0 ? ", " : "").append(text(c.args().get(i)));
            }
            return sb.append(')').toString();
        }
        if (expr instanceof Ast.Between b)
        {
            return text(b.value()) + (b.negated() ? " NOT" : "") + " BETWEEN " + text(b.low()) + " AND " +
                text(b.high());
        }
        if (expr instanceof Ast.In in)
        {
            final StringBuilder sb = new StringBuilder(text(in.value())).append(in.negated() ? " NOT IN (" : " IN (");
            for (int i = 0; i < in.list().size(); i++)
            {
                sb.append(i > 0 ? ", " : "").append(text(in.list().get(i)));
            }
            return sb.append(')').toString();
        }
        return expr.toString();
    }

    private static boolean isReserved(final Token t)
    {
        for (final String word : RESERVED)
        {
            if (t.isKeyword(word))
            {
                return true;
            }
        }
        return false;
    }

    private String identifier(final String what)
    {
        final Token t = advance();
        if (t.kind() != Token.Kind.IDENT || isReserved(t))
        {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return t.text();
    }

    private Token peek()
    {
        return tokens.get(index);
    }

    private Token peekAt(final int ahead)
    {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance()
    {
        final Token t = tokens.get(index);
        if (t.kind() != Token.Kind.EOF)
        {
            index++;
        }
        return t;
    }

    private boolean acceptKeyword(final String keyword)
    {
        if (peek().isKeyword(keyword))
        {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(final String symbol)
    {
        if (peek().isSymbol(symbol))
        {
            index++;
            return true;
        }
        return false;
    }

    private void expectKeyword(final String keyword)
    {
        if (!acceptKeyword(keyword))
        {
            throw error(peek(), "expected " + keyword + ", found " + peek().describe());
        }
    }

    private void expectSymbol(final String symbol)
    {
        if (!acceptSymbol(symbol))
        {
            throw error(peek(), "expected '" + symbol + "', found " + peek().describe());
        }
    }

    private static TsqlException error(final Token t, final String message)
    {
        return new TsqlException(t.line(), t.column(), message);
    }
}
