package io.ticktape.kernel.ops;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Int128 and UInt192 against BigInteger: words, conversions to double and the exact variance numerator.
 */
class WideArithmeticTest
{
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger TWO_192 = BigInteger.ONE.shiftLeft(192);

    @Provide
    Arbitrary<Long> interesting()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(-1000, 1000),
            Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, -1L, 0L, 1L, 1L << 53, (1L << 53) + 1,
                3_037_000_500L));
    }

    @Provide
    Arbitrary<List<Long>> valueLists()
    {
        return interesting().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Long, Long>>> operations()
    {
        return Arbitraries.integers().between(0, 5).flatMap(op -> interesting().flatMap(a -> interesting()
            .map(b -> Tuple.of(op, a, b)))).list().ofMaxSize(60);
    }

    @Property(tries = 400)
    void shouldMatchBigIntegerWhenAddingAndSubtractingProducts(@ForAll("operations")
        final List<Tuple.Tuple3<Integer, Long, Long>> operations)
    {
        final Int128 value = new Int128();
        BigInteger expected = BigInteger.ZERO;
        for (final Tuple.Tuple3<Integer, Long, Long> op : operations)
        {
            final BigInteger a = BigInteger.valueOf(op.get2());
            final BigInteger b = BigInteger.valueOf(op.get3());
            switch (op.get1())
            {
                case 0:
                    value.add(op.get2());
                    expected = expected.add(a);
                    break;
                case 1:
                    value.subtract(op.get2());
                    expected = expected.subtract(a);
                    break;
                case 2:
                    value.addProduct(op.get2(), op.get3());
                    expected = expected.add(a.multiply(b));
                    break;
                case 3:
                    value.subtractProduct(op.get2(), op.get3());
                    expected = expected.subtract(a.multiply(b));
                    break;
                case 4:
                    value.addAbsProduct(op.get2(), op.get3());
                    expected = expected.add(a.multiply(b).abs());
                    break;
                default:
                    value.add(op.get2(), op.get3());
                    expected = expected.add(a.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(op.get3()))));
                    break;
            }
            // Arithmetic is modulo 2^128 (the operators never get near it; the wrap must still be consistent).
            final BigInteger wrapped = wrap128(expected);
            assertThat(toBig(value)).isEqualTo(wrapped);
            assertThat(value.toDouble()).isEqualTo(wrapped.doubleValue());
            assertThat(value.signum()).isEqualTo(wrapped.signum());
            assertThat(value.fitsInLong()).isEqualTo(wrapped.bitLength() < 64);
            assertThat(value.compareTo(op.get2())).isEqualTo(Integer.signum(wrapped.compareTo(a)));
            assertThat(value.toString()).isEqualTo(wrapped.toString());
        }
    }

    @Property(tries = 300)
    void shouldComputeExactVarianceNumeratorWhenSquaresAreAddedAndRemoved(
        @ForAll("valueLists") final List<Long> values, @ForAll("interesting") final long removed)
    {
        final UInt192 squares = new UInt192();
        final Int128 sum = new Int128();
        BigInteger expectedSquares = BigInteger.ZERO;
        BigInteger expectedSum = BigInteger.ZERO;
        for (final long value : values)
        {
            squares.addSquare(value);
            sum.add(value);
            expectedSquares = expectedSquares.add(BigInteger.valueOf(value).pow(2));
            expectedSum = expectedSum.add(BigInteger.valueOf(value));
        }
        squares.addSquare(removed);
        squares.subtractSquare(removed);
        assertThat(toBig(squares)).isEqualTo(expectedSquares);
        assertThat(squares.toDouble()).isEqualTo(expectedSquares.doubleValue());

        final UInt192 numerator = new UInt192();
        final long n = values.size();
        numerator.setVarianceNumerator(squares, n, sum.hi(), sum.lo());
        final BigInteger expected = expectedSquares.multiply(BigInteger.valueOf(n)).subtract(expectedSum.pow(2));
        assertThat(toBig(numerator)).isEqualTo(expected);
        assertThat(numerator.toDouble()).isEqualTo(expected.doubleValue());
    }

    @Property(tries = 1000)
    void shouldRoundUnsignedWordsToNearestEven(@ForAll final long w2, @ForAll final long w1, @ForAll final long w0,
        @ForAll("interesting") final long small)
    {
        final BigInteger full = unsigned(w2).shiftLeft(128).add(unsigned(w1).shiftLeft(64)).add(unsigned(w0));
        assertThat(WideMath.unsignedToDouble(w2, w1, w0)).isEqualTo(full.doubleValue());
        // Values just past 53 significant bits with sparse low bits: the half-way cases.
        final long sparse = (1L << 62) | (1L << 9) | (small & 1);
        assertThat(WideMath.unsignedToDouble(0, sparse, w0 & 0xFF))
            .isEqualTo(unsigned(sparse).shiftLeft(64).add(unsigned(w0 & 0xFF)).doubleValue());
        assertThat(WideMath.unsignedToDouble(small)).isEqualTo(unsigned(small).doubleValue());
        if (w1 > 0)
        {
            assertThat(WideMath.divideUnsigned(w0, w1)).isEqualTo(Long.divideUnsigned(w0, w1));
            final long divisor = 1 + (w1 & 0xFFFF);
            assertThat(WideMath.divideUnsigned(w0, divisor)).isEqualTo(Long.divideUnsigned(w0, divisor));
        }
        assertThat(WideMath.unsignedMultiplyHigh(w1, w0))
            .isEqualTo(unsigned(w1).multiply(unsigned(w0)).shiftRight(64).longValue());
    }

    @Test
    void shouldRoundHalfWayToEvenWhenExactlyBetweenTwoDoubles()
    {
        // 2^64 + 2^11 lies exactly between 2^64 and 2^64 + 2^12: ties to even gives 2^64.
        assertThat(WideMath.unsignedToDouble(0, 1, 1L << 11)).isEqualTo(0x1p64);
        // One more unit below the half-way bit makes it round up.
        assertThat(WideMath.unsignedToDouble(0, 1, (1L << 11) + 1)).isEqualTo(0x1p64 + 0x1p12);
        assertThat(WideMath.unsignedToDouble(-1L)).isEqualTo(0x1p64);
        assertThat(new Int128().set(Long.MIN_VALUE, 0).toDouble()).isEqualTo(-0x1p127);
        assertThat(new Int128().add(Long.MIN_VALUE).subtract(1).toDouble()).isEqualTo(-0x1p63);
    }

    private static BigInteger unsigned(final long word)
    {
        return new BigInteger(Long.toUnsignedString(word));
    }

    private static BigInteger wrap128(final BigInteger value)
    {
        final BigInteger mod = value.mod(TWO_128);
        return mod.testBit(127) ? mod.subtract(TWO_128) : mod;
    }

    static BigInteger toBig(final Int128 value)
    {
        return BigInteger.valueOf(value.hi()).multiply(TWO_64).add(unsigned(value.lo()));
    }

    private static BigInteger toBig(final UInt192 value)
    {
        return unsigned(value.w2()).shiftLeft(128).add(unsigned(value.w1()).shiftLeft(64)).add(unsigned(value.w0()))
            .mod(TWO_192);
    }
}
