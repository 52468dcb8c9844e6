package io.ticktape.kernel.ops;

import io.ticktape.kernel.ops.Streams.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Ewma, ReturnZScore and LogReturn against naive references.
 * <p>
 * The EWMA reference is the closed form over the whole history, in 34-digit decimals: with weight {@code lambda^n}
 * on the seed and {@code alpha * lambda^(n - i)} on observation i,
 * <pre>
 *   mean     = lambda^n * m0 + sum(alpha * lambda^(n-i) * r_i)
 *   zeroMean = lambda^n * v0 + sum(alpha * lambda^(n-i) * r_i^2)
 *   variance = lambda^n * (v0 + (m0 - mean)^2) + sum(alpha * lambda^(n-i) * (r_i - mean)^2)
 * </pre>
 * Tolerance: each recursion step rounds a handful of times (about 5u, u = 2^-53, relative to the values' scale) and
 * shrinks all earlier error by lambda, so the error settles below {@code 5u / alpha} times the scale: the largest
 * magnitude M of the seed mean and observations (M^2 for the variances, which are formed from r - mean). The tests
 * allow 16u / alpha, e.g. 3e-14 of M^2 for lambda 0.94 and 1.8e-12 for 0.999.
 */
class EwmaPropertyTest
{
    private static final double U = 0x1p-53;
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final double[] LAMBDAS = { 0.5, 0.9, Ewma.RISK_METRICS_LAMBDA, 0.97, 0.99, 0.999 };

    @Provide
    Arbitrary<List<Event>> streams()
    {
        return Streams.events().list().ofMaxSize(100);
    }

    @Provide
    Arbitrary<Double> lambdas()
    {
        return Arbitraries.of(0, 1, 2, 3, 4, 5).map(i -> LAMBDAS[i]);
    }

    @Property(tries = 200)
    void shouldMatchClosedFormWhenReturnsStream(
        @ForAll("streams") final List<Event> events,
        @ForAll("lambdas") final double lambda,
        @ForAll @IntRange(min = -1000, max = 1000) final int seedMeanE5,
        @ForAll @IntRange(min = 0, max = 1000) final int seedVarianceE7,
        @ForAll @IntRange(min = 0, max = 1000) final int minVarianceE9)
    {
        final double seedMean = seedMeanE5 * 1e-5;
        final double seedVariance = seedVarianceE7 * 1e-7;
        final double minVariance = minVarianceE9 * 1e-9;
        final Ewma ewma = new Ewma(lambda, seedMean, seedVariance);
        final ReturnZScore zScore = new ReturnZScore(lambda, seedVariance, minVariance);
        final Ewma zeroSeeded = new Ewma(lambda, 0.0, seedVariance);
        final List<Double> accepted = new ArrayList<>();
        final double alpha = 1.0 - lambda;
        long rejected = 0;
        double scale = Math.abs(seedMean);
        for (final Event event : events)
        {
            final double value = Streams.doubleValue(event);
            final boolean finite = Double.isFinite(value);
            final double previousZeroMean = zeroSeeded.zeroMeanVariance();
            final double expectedPrevious = closedForm(accepted, lambda, 0.0, seedVariance)[1];
            assertThat(ewma.update(value)).isEqualTo(finite);
            zeroSeeded.update(value);
            final double z = zScore.update(value);
            if (!finite)
            {
                rejected++;
                assertThat(z).isNaN();
                continue;
            }
            accepted.add(value);
            scale = Math.max(scale, Math.abs(value));
            final double tolerance1 = 16 * U / alpha * scale;
            final double tolerance2 = 16 * U / alpha * Math.max(seedVariance, scale * scale);

            final double[] expected = closedForm(accepted, lambda, seedMean, seedVariance);
            assertThat(ewma.mean()).isCloseTo(expected[0], within(tolerance1));
            assertThat(ewma.zeroMeanVariance()).isCloseTo(expected[1], within(tolerance2));
            assertThat(ewma.variance()).isCloseTo(expected[2], within(tolerance2));
            assertThat(ewma.volatility()).isEqualTo(Math.sqrt(ewma.zeroMeanVariance()));
            assertThat(ewma.count()).isEqualTo(accepted.size());

            // The z-score uses the variance before the return; where the guard decision is too close to call within
            // the tolerance it is not checked.
            assertThat(zScore.varianceBefore()).isEqualTo(previousZeroMean);
            assertThat(zScore.logReturn()).isEqualTo(value);
            if (Math.abs(expectedPrevious - minVariance) <= tolerance2)
            {
                continue;
            }
            if (expectedPrevious > 0 && expectedPrevious >= minVariance)
            {
                final double expectedZ = value / Math.sqrt(expectedPrevious);
                final double relative = 0.5 * tolerance2 / expectedPrevious + 4 * U;
                assertThat(z).isCloseTo(expectedZ, within(Math.abs(expectedZ) * relative + Double.MIN_VALUE));
            }
            else
            {
                assertThat(z).isNaN();
            }
        }
        assertThat(ewma.rejected()).isEqualTo(rejected);
        assertThat(zScore.rejected()).isEqualTo(rejected);
    }

    @Property(tries = 300)
    void shouldMatchDifferenceOfLogarithmsWhenPricesArePositive(
        @ForAll @LongRange(min = -5, max = 1L << 62) final long previous,
        @ForAll @LongRange(min = -5, max = 1L << 62) final long price)
    {
        final LogReturn logReturn = new LogReturn();
        assertThat(logReturn.update(previous)).isNaN();
        final double r = logReturn.update(price);
        assertThat(logReturn.previousMantissa()).isEqualTo(price);
        if (previous <= 0 || price <= 0)
        {
            assertThat(r).isNaN();
            return;
        }
        // log(p) - log(q) is accurate to about u * |log p|; log1p of the exact difference ratio does better, so the
        // difference between the two is bounded by the former's error.
        final double reference = Math.log(price) - Math.log(previous);
        final double tolerance = 4 * U * (Math.abs(Math.log(price)) + Math.abs(Math.log(previous)) + 2 * Math.abs(r));
        assertThat(r).isCloseTo(reference, within(tolerance));
        assertThat(price == previous ? r == 0.0 : Math.signum(r) == Math.signum(price - previous)).isTrue();
    }

    /**
     * @return {mean, zeroMeanVariance, variance} by the closed form over the whole history.
     */
    private static double[] closedForm(
        final List<Double> values, final double lambda, final double seedMean, final double seedVariance)
    {
        final BigDecimal l = new BigDecimal(lambda);
        final BigDecimal a = BigDecimal.ONE.subtract(l);
        final int n = values.size();
        final BigDecimal seedWeight = l.pow(n, MC);
        final BigDecimal m0 = new BigDecimal(seedMean);
        final BigDecimal v0 = new BigDecimal(seedVariance);
        BigDecimal mean = seedWeight.multiply(m0, MC);
        BigDecimal zeroMean = seedWeight.multiply(v0, MC);
        final BigDecimal[] weights = new BigDecimal[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = a.multiply(l.pow(n - 1 - i, MC), MC);
            final BigDecimal r = new BigDecimal(values.get(i));
            mean = mean.add(weights[i].multiply(r, MC), MC);
            zeroMean = zeroMean.add(weights[i].multiply(r.multiply(r, MC), MC), MC);
        }
        BigDecimal variance = seedWeight.multiply(v0.add(m0.subtract(mean).pow(2, MC), MC), MC);
        for (int i = 0; i < n; i++)
        {
            final BigDecimal d = new BigDecimal(values.get(i)).subtract(mean, MC);
            variance = variance.add(weights[i].multiply(d.multiply(d, MC), MC), MC);
        }
        return new double[] { mean.doubleValue(), zeroMean.doubleValue(), variance.doubleValue() };
    }
}
