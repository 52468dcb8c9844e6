package io.ticktape.store.tsql;

import java.util.List;

/**
 * The parsed query: plain records, each expression with the position of its first token for error messages.
 */
final class Ast
{
    private Ast()
    {
    }

    /** An expression node. */
    interface Expr
    {
        int line();

        int column();
    }

    /** An integer ({@code mantissa}, exponent 0), exact decimal or double literal. */
    record NumberLit(long mantissa, int exponent, double doubleValue, boolean isDouble, String text, int line,
        int column) implements Expr
    {
    }

    /** A quoted string. */
    record StringLit(String value, int line, int column) implements Expr
    {
    }

    /** {@code NULL}. */
    record NullLit(int line, int column) implements Expr
    {
    }

    /** A column, optionally qualified by a table name or alias. */
    record ColumnRef(String qualifier, String name, int line, int column) implements Expr
    {
    }

    /** {@code -x} or {@code NOT x}. */
    record Unary(String op, Expr operand, int line, int column) implements Expr
    {
    }

    /** Arithmetic, comparison or logical operator; {@code op} is upper case for AND/OR. */
    record Binary(String op, Expr left, Expr right, int line, int column) implements Expr
    {
    }

    /** A function call; {@code star} for {@code count(*)}. */
    record Call(String name, List<Expr> args, boolean star, int line, int column) implements Expr
    {
    }

    /** {@code x [NOT] BETWEEN lo AND hi}. */
    record Between(Expr value, Expr low, Expr high, boolean negated, int line, int column) implements Expr
    {
    }

    /** {@code x [NOT] IN (a, b, ...)}. */
    record In(Expr value, List<Expr> list, boolean negated, int line, int column) implements Expr
    {
    }

    /** One item of the select list; {@code expr} null for {@code *}. */
    record SelectItem(Expr expr, String alias, String text)
    {
    }

    /** One ORDER BY key. */
    record OrderItem(Expr expr, boolean descending)
    {
    }

    /** A table in FROM or ASOF JOIN. */
    record TableRef(String name, String alias, int line, int column)
    {
    }

    /** The whole statement. */
    record Query(
        List<SelectItem> select,
        TableRef from,
        TableRef asofJoin,
        ColumnRef joinOn,
        Expr where,
        ColumnRef latestBy,
        long sampleNs,
        String fill,
        int sampleLine,
        int sampleColumn,
        List<ColumnRef> groupBy,
        List<OrderItem> orderBy,
        long limit)
    {
    }
}
