package io.ticktape.protocol.tick;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.assertj.core.api.Assertions.assertThat;

class TickTest
{
    @Test
    void shouldCopyEveryFieldWhenCopyFrom() throws IllegalAccessException
    {
        final Tick source = new Tick();
        int value = 1;
        for (final Field field : Tick.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) || Modifier.isFinal(field.getModifiers()))
            {
                continue;
            }
            final int distinct = value++;
            if (field.getType() == int.class)
            {
                field.setInt(source, distinct);
            }
            else if (field.getType() == long.class)
            {
                field.setLong(source, -1000L * distinct);
            }
            else if (field.getType() == byte.class)
            {
                field.setByte(source, (byte)distinct);
            }
            else if (field.getType() == boolean.class)
            {
                // Not the default, so a missing copy shows.
                field.setBoolean(source, true);
            }
            else
            {
                throw new AssertionError("a field of a type this test does not know: " + field);
            }
        }
        for (int i = 0; i < Tick.SYMBOL_CAPACITY; i++)
        {
            source.symbol[i] = (byte)('A' + i);
        }

        final Tick copy = new Tick().copyFrom(source);

        for (final Field field : Tick.class.getFields())
        {
            if (!Modifier.isStatic(field.getModifiers()))
            {
                if (field.getType() == byte[].class)
                {
                    assertThat((byte[])field.get(copy)).as(field.getName()).isEqualTo(field.get(source))
                        .isNotSameAs(field.get(source));
                }
                else
                {
                    assertThat(field.get(copy)).as(field.getName()).isEqualTo(field.get(source));
                }
            }
        }
    }

    @Test
    void shouldClearOldBytesWhenShorterSymbolSet()
    {
        final Tick tick = new Tick().symbol("0123456789ABCDEF");
        tick.symbol("XY");
        assertThat(tick.symbolAsString()).isEqualTo("XY");
        assertThat(tick.symbolLength).isEqualTo(2);
        for (int i = 2; i < Tick.SYMBOL_CAPACITY; i++)
        {
            assertThat(tick.symbol[i]).isZero();
        }
        assertThat(Symbols.length(tick.symbol)).isEqualTo(2);
    }

    @Test
    void shouldMeasureSymbolBeforePaddingWhenZerosOrSpaces()
    {
        assertThat(Symbols.length(new byte[16])).isZero();
        assertThat(Symbols.length("ES  \0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(2);
        assertThat(Symbols.length("A B".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(3);
        assertThat(Symbols.length("0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
            .isEqualTo(16);
    }

    @Test
    void shouldNameEachTypeWhenAsked()
    {
        assertThat(TickType.name(TickType.TRADE)).isEqualTo("trade");
        assertThat(TickType.name(TickType.QUOTE)).isEqualTo("quote");
        assertThat(TickType.name(TickType.INSTRUMENT)).isEqualTo("instrument");
        assertThat(TickType.name(TickType.NONE)).isEqualTo("none");
        assertThat(TickType.name(42)).isEqualTo("none");
    }
}
