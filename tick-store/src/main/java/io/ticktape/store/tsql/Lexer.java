package io.ticktape.store.tsql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits TSQL text into tokens with 1-based line and column positions. A number followed directly by letters is a
 * duration ({@code 1m}, {@code 5m}); strings are single-quoted with {@code ''} as an escaped quote; {@code --}
 * starts a comment to the end of the line.
 */
final class Lexer
{
    private final String text;
    private int position;
    private int line = 1;
    private int lineStart;

    Lexer(final String text)
    {
        this.text = text;
    }

    static List<Token> tokens(final String text)
    {
        final Lexer lexer = new Lexer(text);
        final List<Token> tokens = new ArrayList<>();
        Token token;
        do
        {
            token = lexer.next();
            tokens.add(token);
        }
        while (token.kind() != Token.Kind.EOF);
        return tokens;
    }

    private Token next()
    {
        skipSpaceAndComments();
        final int startLine = line;
        final int startColumn = position - lineStart + 1;
        if (position >= text.length())
        {
            return new Token(Token.Kind.EOF, "", startLine, startColumn);
        }
        final char c = text.charAt(position);
        if (Character.isLetter(c) || c == '_')
        {
            final int start = position;
            while (position < text.length() &&
                (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_'))
            {
                position++;
            }
            return new Token(Token.Kind.IDENT, text.substring(start, position), startLine, startColumn);
        }
        if (Character.isDigit(c) || (c == '.' && position + 1 < text.length() &&
            Character.isDigit(text.charAt(position + 1))))
        {
            return number(startLine, startColumn);
        }
        if (c == '\'')
        {
            return string(startLine, startColumn);
        }
        if (c == '"')
        {
            final int end = text.indexOf('"', position + 1);
            if (end < 0)
            {
                throw new TsqlException(startLine, startColumn, "unterminated quoted identifier");
            }
            final String name = text.substring(position + 1, end);
            position = end + 1;
            return new Token(Token.Kind.IDENT, name, startLine, startColumn);
        }
        final String two = position + 1 < text.length() ? text.substring(position, position + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!="))
        {
            position += 2;
            return new Token(Token.Kind.SYMBOL, two, startLine, startColumn);
        }
        if ("(),*+-/=<>.;%".indexOf(c) >= 0)
        {
            position++;
            return new Token(Token.Kind.SYMBOL, String.valueOf(c), startLine, startColumn);
        }
        throw new TsqlException(startLine, startColumn, "unexpected character '" + c + "'");
    }

    private Token number(final int startLine, final int startColumn)
    {
        final int start = position;
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.'))
        {
            position++;
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E') &&
            position + 1 < text.length() && (Character.isDigit(text.charAt(position + 1)) ||
            ((text.charAt(position + 1) == '-' || text.charAt(position + 1) == '+') && position + 2 < text.length() &&
            Character.isDigit(text.charAt(position + 2)))))
        {
            position += 2;
            while (position < text.length() && Character.isDigit(text.charAt(position)))
            {
                position++;
            }
        }
        final String digits = text.substring(start, position);
        if (digits.indexOf('.') != digits.lastIndexOf('.'))
        {
            throw new TsqlException(startLine, startColumn, "malformed number '" + digits + "'");
        }
        if (position < text.length() && Character.isLetter(text.charAt(position)))
        {
            while (position < text.length() && Character.isLetter(text.charAt(position)))
            {
                position++;
            }
            return new Token(Token.Kind.DURATION, text.substring(start, position), startLine, startColumn);
        }
        return new Token(Token.Kind.NUMBER, digits, startLine, startColumn);
    }

    private Token string(final int startLine, final int startColumn)
    {
        final StringBuilder value = new StringBuilder();
        position++;
        while (true)
        {
            if (position >= text.length())
            {
                throw new TsqlException(startLine, startColumn, "unterminated string");
            }
            final char c = text.charAt(position++);
            if (c == '\'')
            {
                if (position < text.length() && text.charAt(position) == '\'')
                {
                    value.append('\'');
                    position++;
                    continue;
                }
                return new Token(Token.Kind.STRING, value.toString(), startLine, startColumn);
            }
            if (c == '\n')
            {
                line++;
                lineStart = position;
            }
            value.append(c);
        }
    }

    private void skipSpaceAndComments()
    {
        while (position < text.length())
        {
            final char c = text.charAt(position);
            if (c == '\n')
            {
                position++;
                line++;
                lineStart = position;
            }
            else if (Character.isWhitespace(c))
            {
                position++;
            }
            else if (c == '-' && position + 1 < text.length() && text.charAt(position + 1) == '-')
            {
                while (position < text.length() && text.charAt(position) != '\n')
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }
}
