package io.ticktape.kernel;

import io.ticktape.kernel.ops.Int128;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's exact notional ({@link Int128}) against BigInteger: the 128-bit two's-complement words, and the double it converts to.
 */
class NotionalTest
{
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MAX_128 = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger MIN_128 = BigInteger.ONE.shiftLeft(127).negate();

    @Test
    void shouldBeZeroWhenNew()
    {
        final Int128 notional = new Int128();
        assertThat(notional.hi()).isZero();
        assertThat(notional.lo()).isZero();
        assertThat(notional.toDouble()).isEqualTo(0.0);
    }

    @Test
    void shouldHoldExactSumWhenProductsAreNearLongMax()
    {
        final long[][] products = {
            { Long.MAX_VALUE, Long.MAX_VALUE },
            { Long.MAX_VALUE, 2 },
            { Long.MIN_VALUE, 1 },
            { -1, Long.MAX_VALUE },
            { 3_037_000_500L, 3_037_000_500L },   // just above sqrt(Long.MAX_VALUE)
            { Long.MIN_VALUE, -1 },                // 2^63: does not fit in a long
        };
        final Int128 notional = new Int128();
        BigInteger expected = BigInteger.ZERO;
        for (final long[] product : products)
        {
            notional.addProduct(product[0], product[1]);
            expected = expected.add(BigInteger.valueOf(product[0]).multiply(BigInteger.valueOf(product[1])));
            assertWords(notional, expected);
            assertThat(notional.toDouble()).isEqualTo(expected.doubleValue());
        }
    }

    @Test
    void shouldCarryIntoHighWordWhenLowWordOverflowsUnsigned()
    {
        final Int128 notional = new Int128();
        notional.addProduct(Long.MAX_VALUE, 1);
        notional.addProduct(Long.MAX_VALUE, 1);
        notional.addProduct(1, 2);   // 2^64 exactly
        assertThat(notional.hi()).isEqualTo(1);
        assertThat(notional.lo()).isEqualTo(0);
        assertThat(notional.toDouble()).isEqualTo(0x1p64);

        notional.addProduct(-1, 1);  // 2^64 - 1: borrows back
        assertThat(notional.hi()).isZero();
        assertThat(notional.lo()).isEqualTo(-1L);
        assertThat(notional.toDouble()).isEqualTo(new BigInteger("18446744073709551615").doubleValue());
    }

    @Test
    void shouldReturnToZeroWhenProductsCancel()
    {
        final Int128 notional = new Int128();
        notional.addProduct(Long.MIN_VALUE, Long.MAX_VALUE);
        notional.addProduct(Long.MAX_VALUE, Long.MAX_VALUE);
        notional.addProduct(Long.MAX_VALUE, 1);
        assertThat(notional.hi()).isZero();
        assertThat(notional.lo()).isZero();
        notional.addProduct(-5, 3);
        assertThat(notional.toDouble()).isEqualTo(-15.0);
        notional.reset();
        assertThat(notional.hi()).isZero();
        assertThat(notional.lo()).isZero();
    }

    @Property(tries = 3000)
    void shouldMatchBigIntegerWhenAddingArbitraryProducts(
        @ForAll("products") @Size(max = 40) final List<Tuple2<Long, Long>> products)
    {
        final Int128 notional = new Int128();
        BigInteger expected = BigInteger.ZERO;
        for (final Tuple2<Long, Long> product : products)
        {
            notional.addProduct(product.get1(), product.get2());
            expected = expected.add(BigInteger.valueOf(product.get1()).multiply(BigInteger.valueOf(product.get2())));
        }
        assertWords(notional, expected);
        if (expected.bitLength() < 64)
        {
            // Documented: exact conversion while the sum fits in a long.
            assertThat(notional.toDouble()).as("%s", expected).isEqualTo(expected.doubleValue());
        }
        else if (expected.compareTo(MAX_128) <= 0 && expected.compareTo(MIN_128) >= 0)
        {
            // Beyond a long the conversion rounds twice, so it can miss the nearest double by one ulp
            // (reported: e.g. 2^63 + 1025 gives 2^63, the nearest is 2^63 + 2048). No further than that.
            final double nearest = expected.doubleValue();
            assertThat(Math.abs(notional.toDouble() - nearest)).as("%s", expected)
                .isLessThanOrEqualTo(Math.ulp(nearest));
        }
    }

    @Provide
    Arbitrary<List<Tuple2<Long, Long>>> products()
    {
        final Arbitrary<Long> edgy = Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L),
            Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, -1L, 0L, 1L,
                1L << 32, (1L << 32) - 1, -(1L << 32)));
        return Arbitraries.oneOf(
            edgy.flatMap(a -> edgy.map(b -> Tuple.of(a, b))),
            Arbitraries.longs().flatMap(a -> Arbitraries.longs().map(b -> Tuple.of(a, b))))
            .list().ofMaxSize(40);
    }

    private static void assertWords(final Int128 notional, final BigInteger exact)
    {
        final BigInteger wrapped = exact.mod(TWO_128);
        final long expectedLo = wrapped.longValue();
        final long expectedHi = wrapped.divide(TWO_64).longValue();
        assertThat(notional.lo()).as("lo of %s", exact).isEqualTo(expectedLo);
        assertThat(notional.hi()).as("hi of %s", exact).isEqualTo(expectedHi);
    }
}
