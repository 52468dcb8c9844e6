package io.ticktape.protocol.tick;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PricesTest
{
    @ParameterizedTest
    @CsvSource({
        "-1250, -2, -12.50",
        "1250, -2, 12.50",
        "-5, -3, -0.005",
        "5, -3, 0.005",
        "-25, -4, -0.0025",
        "0, -2, 0.00",
        "0, 0, 0",
        "0, 3, 0",
        "-7, 0, -7",
        "123, 2, 12300",
        "-123, 3, -123000",
        "-9223372036854775808, -4, -922337203685477.5808",
        "9223372036854775807, -18, 9.223372036854775807",
        "-9223372036854775808, -19, -0.9223372036854775808",
        "1, -20, 0.00000000000000000001",
    })
    void shouldFormatExactDecimalWhenMantissaAndExponentGiven(
        final long mantissa, final int exponent, final String expected)
    {
        assertThat(Prices.toDecimal(mantissa, exponent)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void shouldMatchDigitShiftingWhenExponentIsAnything(
        @ForAll final long mantissa, @ForAll @IntRange(min = -30, max = 30) final int exponent)
    {
        assertThat(Prices.toDecimal(mantissa, exponent)).isEqualTo(naive(mantissa, exponent));
    }

    /** Place the decimal point by hand in the digits of |mantissa|. */
    private static String naive(final long mantissa, final int exponent)
    {
        final String sign = mantissa < 0 ? "-" : "";
        final StringBuilder digits = new StringBuilder(BigInteger.valueOf(mantissa).abs().toString());
        if (exponent >= 0)
        {
            if (mantissa == 0)
            {
                return "0";
            }
            for (int i = 0; i < exponent; i++)
            {
                digits.append('0');
            }
            return sign + digits;
        }
        final int scale = -exponent;
        while (digits.length() <= scale)
        {
            digits.insert(0, '0');
        }
        digits.insert(digits.length() - scale, '.');
        return sign + digits;
    }
}
