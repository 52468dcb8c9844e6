package io.ticktape.protocol.tick;

/**
 * Helpers for fixed-width, zero-padded ASCII symbols.
 */
public final class Symbols
{
    private Symbols()
    {
    }

    /**
     * Length of a zero-padded symbol.
     *
     * @param symbol bytes, padded with zeros (or spaces) after the last character.
     * @return number of characters before the padding.
     */
    public static int length(final byte[] symbol)
    {
        int length = symbol.length;
        while (length > 0 && (symbol[length - 1] == 0 || symbol[length - 1] == ' '))
        {
            length--;
        }
        return length;
    }
}
