package io.ticktape.kernel.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EwmaTest
{
    @Test
    void shouldStartFromExplicitSeed()
    {
        final Ewma ewma = new Ewma(Ewma.RISK_METRICS_LAMBDA, 0.001, 1e-4);
        assertThat(ewma.mean()).isEqualTo(0.001);
        assertThat(ewma.variance()).isEqualTo(1e-4);
        assertThat(ewma.zeroMeanVariance()).isEqualTo(1e-4);
        assertThat(ewma.count()).isZero();
    }

    @Test
    void shouldFollowRiskMetricsRecursionWhenReturnArrives()
    {
        final Ewma ewma = new Ewma(0.94, 0.0, 1e-4);
        ewma.update(0.02);
        // 0.94 * 1e-4 + 0.06 * 4e-4
        assertThat(ewma.zeroMeanVariance()).isCloseTo(1.18e-4, within(1e-18));
        // alpha = 1 - 0.94 is 0.06000000000000005 in binary: hence a tolerance of a few ulps rather than equality.
        assertThat(ewma.mean()).isCloseTo(0.0012, within(1e-17));
        // lambda * (v + alpha * d^2) = 0.94 * (1e-4 + 0.06 * 4e-4)
        assertThat(ewma.variance()).isCloseTo(1.1656e-4, within(1e-18));
        assertThat(ewma.volatility()).isEqualTo(Math.sqrt(ewma.zeroMeanVariance()));
    }

    @Test
    void shouldRejectNonFiniteReturnAndKeepState()
    {
        final Ewma ewma = new Ewma(0.94, 0.0, 1e-4);
        assertThat(ewma.update(Double.NaN)).isFalse();
        assertThat(ewma.update(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(ewma.rejected()).isEqualTo(2);
        assertThat(ewma.zeroMeanVariance()).isEqualTo(1e-4);
        assertThat(ewma.count()).isZero();
    }

    @Test
    void shouldRejectInvalidLambdaOrSeed()
    {
        assertThatThrownBy(() -> new Ewma(0.0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ewma(1.0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ewma(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ewma(0.9, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ewma(0.9, 0, -1e-9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReturnZScore(0.9, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldScoreAgainstVarianceBeforeReturn()
    {
        final ReturnZScore z = new ReturnZScore(0.94, 1e-4, 1e-12);
        assertThat(z.update(0.03)).isCloseTo(3.0, within(1e-12));
        assertThat(z.varianceBefore()).isEqualTo(1e-4);
        assertThat(z.variance()).isCloseTo(0.94e-4 + 0.06 * 9e-4, within(1e-18));
        assertThat(z.update(-0.01)).isCloseTo(-0.01 / Math.sqrt(0.94e-4 + 0.06 * 9e-4), within(1e-12));
        assertThat(z.count()).isEqualTo(2);
    }

    @Test
    void shouldGuardTinyVarianceWithNaN()
    {
        final ReturnZScore z = new ReturnZScore(0.94, 0.0, 1e-10);
        assertThat(z.update(0.01)).isNaN();            // zero seed: no information yet
        assertThat(z.variance()).isCloseTo(6e-6, within(1e-20));
        assertThat(z.update(0.01)).isCloseTo(0.01 / Math.sqrt(6e-6), within(1e-9));
        assertThat(z.update(Double.NaN)).isNaN();
        assertThat(z.rejected()).isEqualTo(1);
        assertThat(z.score()).isNaN();
        assertThat(z.logReturn()).isEqualTo(0.01);
    }

    @Test
    void shouldReturnNaNForFirstOrNonPositivePrices()
    {
        final LogReturn r = new LogReturn();
        assertThat(r.update(100)).isNaN();
        assertThat(r.update(101)).isCloseTo(Math.log(1.01), within(1e-16));
        assertThat(r.update(-5)).isNaN();              // calendar spread went negative
        assertThat(r.update(7)).isNaN();               // from a negative price: still undefined
        assertThat(r.update(14)).isCloseTo(Math.log(2), within(1e-16));
        assertThat(r.update(14)).isZero();
        assertThat(r.update(1)).isCloseTo(-Math.log(14), within(1e-15));
        r.reset();
        assertThat(r.hasPrevious()).isFalse();
        assertThat(r.update(3)).isNaN();
    }

    @Test
    void shouldKeepPrecisionWhenReturnIsTiny()
    {
        final LogReturn r = new LogReturn();
        r.update(1_000_000_000_000L);
        // ln(1 + 1e-12) = 1e-12 - 5e-25: log(p / q) would keep only about 4 digits of it.
        assertThat(r.update(1_000_000_000_001L)).isCloseTo(1e-12 - 5e-25, within(1e-27));
    }

    @Test
    void shouldSumSquaredReturnsOverWindowWhenRealizingVolatility()
    {
        final RealizedVolatility rv = new RealizedVolatility(1_000, 16);
        assertThat(rv.volatility()).isZero();
        assertThat(rv.count()).isZero();
        rv.add(0, 0.03);
        rv.add(500, -0.04);
        assertThat(rv.volatility()).isCloseTo(0.05, within(1e-17));
        rv.advanceTo(1_000);    // the return at 0 leaves at exactly 0 + W
        assertThat(rv.volatility()).isCloseTo(0.04, within(1e-17));
        assertThat(rv.add(999, 0.1)).isFalse();
        assertThat(rv.add(1_000, Double.NaN)).isFalse();
        assertThat(rv.rejected()).isEqualTo(2);
        rv.advanceTo(1_500);
        assertThat(rv.count()).isZero();
        assertThat(rv.sumOfSquares()).isZero();
    }

    @Test
    void shouldEvictOldestReturnWhenCapacityExceeded()
    {
        final RealizedVolatility rv = new RealizedVolatility(1_000, 2);
        rv.add(0, 0.5);
        rv.add(0, 0.03);
        rv.add(0, 0.04);
        assertThat(rv.evictions()).isEqualTo(1);
        assertThat(rv.volatility()).isCloseTo(0.05, within(1e-16));
    }
}
