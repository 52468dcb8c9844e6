package io.ticktape.kernel.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AnomalyScoresTest
{
    @Test
    void shouldScoreAgainstMedianAndMadOfPriorPrices()
    {
        final HampelScore hampel = new HampelScore(5, 0);
        assertThat(hampel.update(1)).isNaN();   // nothing to compare with
        hampel.update(2);
        hampel.update(3);
        hampel.update(4);
        hampel.update(100);
        // Window 1 2 3 4 100: median 3, deviations 2 1 0 1 97, MAD 1.
        assertThat(hampel.update(10)).isEqualTo(7 / HampelScore.MAD_SCALE);
        assertThat(hampel.median()).isEqualTo(3.0);
        assertThat(hampel.mad()).isEqualTo(1.0);
        assertThat(hampel.windowCount()).isEqualTo(5);
    }

    @Test
    void shouldUseHalvesWhenWindowIsEven()
    {
        final HampelScore hampel = new HampelScore(4, 0);
        hampel.update(-10);
        hampel.update(-7);
        hampel.update(-4);
        hampel.update(-1);
        // Median -5.5; deviations 4.5 1.5 1.5 4.5: MAD 3.
        assertThat(hampel.update(-2)).isEqualTo(14.0 / (HampelScore.MAD_SCALE * 12));
        assertThat(hampel.median()).isEqualTo(-5.5);
        assertThat(hampel.mad()).isEqualTo(3.0);
    }

    @Test
    void shouldFloorMadWhenPricesSitStill()
    {
        final HampelScore unfloored = new HampelScore(3, 0);
        final HampelScore floored = new HampelScore(3, 2);
        for (int i = 0; i < 3; i++)
        {
            unfloored.update(500);
            floored.update(500);
        }
        assertThat(unfloored.update(500)).isZero();
        assertThat(unfloored.update(501)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(floored.update(500)).isZero();
        assertThat(floored.update(504)).isEqualTo(4 / (HampelScore.MAD_SCALE * 2));
    }

    @Test
    void shouldRejectPricesBeyondDomain()
    {
        final HampelScore hampel = new HampelScore(3, 0);
        assertThat(hampel.update(1L << 60)).isNaN();
        assertThat(hampel.update(-(1L << 60))).isNaN();
        assertThat(hampel.rejected()).isEqualTo(2);
        assertThat(hampel.windowCount()).isZero();
        hampel.update(HampelScore.MAX_ABS_VALUE);
        assertThat(hampel.update(-HampelScore.MAX_ABS_VALUE)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> new HampelScore(3, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HampelScore(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCompareTradeWithMeanOfEarlierTrades()
    {
        final VolumeSpike spike = new VolumeSpike(1_000, 16);
        assertThat(spike.onTrade(0, 5)).isNaN();
        spike.onTrade(0, 1);
        spike.onTrade(10, 3);
        // Baseline 5 1 3: mean 3. The trade itself is not in it.
        assertThat(spike.onTrade(20, 30)).isEqualTo(10.0);
        assertThat(spike.baselineMean()).isEqualTo(3.0);
        assertThat(spike.baselineCount()).isEqualTo(4);
        spike.advanceTo(1_020);
        assertThat(spike.baselineCount()).isZero();
        assertThat(spike.onTrade(1_020, 4)).isNaN();   // the gap emptied the baseline
        assertThat(spike.onTrade(1_019, 4)).isNaN();
        assertThat(spike.onTrade(1_030, 0)).isNaN();
        assertThat(spike.rejected()).isEqualTo(2);
    }

    @Test
    void shouldCompareSpreadWithMedianOfEarlierSpreads()
    {
        final SpreadBlowout blowout = new SpreadBlowout(4);
        assertThat(blowout.onQuote(-102, -100)).isNaN();   // spread 2, nothing before it
        blowout.onQuote(100, 101);
        blowout.onQuote(100, 104);
        blowout.onQuote(100, 102);
        // Window 2 1 4 2: median 2.
        assertThat(blowout.onQuote(100, 120)).isEqualTo(10.0);
        assertThat(blowout.medianSpread()).isEqualTo(2.0);
        // Window 1 4 2 20: median 3.
        assertThat(blowout.onQuote(0, 9)).isEqualTo(3.0);
        assertThat(blowout.onQuote(100, 100)).isZero();    // locked: not a blow-out, kept out of the window
        assertThat(blowout.onQuote(100, 99)).isZero();
        assertThat(blowout.windowCount()).isEqualTo(4);
        assertThat(blowout.onQuote(Long.MIN_VALUE, Long.MAX_VALUE)).isNaN();
        assertThat(blowout.rejected()).isEqualTo(1);
    }

    @Test
    void shouldDetectCrossedAndLockedQuotesWhenPricesAreNegative()
    {
        final QuoteState quotes = new QuoteState();
        assertThat(quotes.condition()).isEqualTo(QuoteCondition.ONE_SIDED);
        assertThat(quotes.update(10, -5, 1, -4, 1)).isEqualTo(QuoteCondition.NORMAL);
        assertThat(quotes.update(20, -5, 1, -6, 1)).isEqualTo(QuoteCondition.CROSSED);
        assertThat(quotes.sinceNs()).isEqualTo(20);
        assertThat(quotes.update(30, -4, 1, -6, 1)).isEqualTo(QuoteCondition.CROSSED);
        assertThat(quotes.sinceNs()).isEqualTo(20);
        assertThat(quotes.score()).isEqualTo(2.0);
        assertThat(quotes.update(40, -6, 1, -6, 1)).isEqualTo(QuoteCondition.LOCKED);
        assertThat(quotes.score()).isEqualTo(1.0);
        assertThat(quotes.update(50, -4, 0, -6, 1)).isEqualTo(QuoteCondition.ONE_SIDED);   // no bid: never crossed
        assertThat(quotes.score()).isZero();
        assertThat(quotes.crossedQuotes()).isEqualTo(2);
        assertThat(quotes.lockedQuotes()).isEqualTo(1);
        assertThat(quotes.bid()).isEqualTo(-4);
        assertThat(quotes.ask()).isEqualTo(-6);
    }

    @Test
    void shouldTurnStaleExactlyWhenBudgetElapses()
    {
        final StaleDetector detector = new StaleDetector(10);
        assertThat(detector.isStale(1_000_000)).isFalse();   // unarmed: nothing to be late for
        assertThat(detector.score(1_000_000)).isZero();
        detector.onUpdate(100);
        assertThat(detector.isStale(109)).isFalse();
        assertThat(detector.isStale(110)).isTrue();            // no update in (100, 110]
        assertThat(detector.score(115)).isEqualTo(1.5);
        assertThat(detector.poll(109)).isFalse();
        assertThat(detector.poll(110)).isTrue();
        assertThat(detector.poll(200)).isFalse();              // once per episode
        assertThat(detector.onUpdate(50)).isFalse();           // older than the last update: changes nothing
        assertThat(detector.onUpdate(205)).isTrue();           // ends the reported episode
        assertThat(detector.silenceNs(207)).isEqualTo(2);
        assertThat(detector.staleEpisodes()).isEqualTo(1);
        detector.disarm();
        assertThat(detector.isStale(10_000)).isFalse();
        detector.arm(10_000);
        assertThat(detector.isStale(10_010)).isTrue();
        assertThatThrownBy(() -> new StaleDetector(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMapComponentsAndAverageWithWeights()
    {
        final EnsembleScore ensemble = new EnsembleScore(
            new double[] { 2, 1, 1, 0 }, new double[] { 3, 1, 1, 1 }, EnsembleScore.Mapping.RATIONAL);
        assertThat(ensemble.score()).isZero();                 // every component NaN: no evidence
        ensemble.component(0, -3.0);                           // |z| = 3 at scale 3: one half
        ensemble.component(1, Double.POSITIVE_INFINITY);
        ensemble.component(2, Double.NaN);
        ensemble.component(3, 1e9);                            // weight 0: ignored
        assertThat(ensemble.mapped(0)).isEqualTo(0.5);
        assertThat(ensemble.score()).isEqualTo((2 * 0.5 + 1.0) / 4);

        final EnsembleScore exponential = new EnsembleScore(
            new double[] { 1 }, new double[] { 2 }, EnsembleScore.Mapping.EXPONENTIAL);
        exponential.component(0, 2.0);
        assertThat(exponential.score()).isCloseTo(1 - Math.exp(-1), within(1e-16));
        assertThat(exponential.component(0)).isEqualTo(2.0);
        assertThat(EnsembleScore.map(Double.NEGATIVE_INFINITY, 1, EnsembleScore.Mapping.EXPONENTIAL)).isEqualTo(1.0);
    }

    @Test
    void shouldRejectWeightsThatSumToZeroOrAreInvalid()
    {
        final double[] scales = { 1, 1 };
        final EnsembleScore.Mapping rational = EnsembleScore.Mapping.RATIONAL;
        assertThatThrownBy(() -> new EnsembleScore(new double[] { 0, 0 }, scales, rational))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleScore(new double[] { -1, 2 }, scales, rational))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleScore(new double[] { Double.NaN, 2 }, scales, rational))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleScore(new double[] { 1, Double.POSITIVE_INFINITY }, scales, rational))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleScore(new double[] { 1, 1 }, new double[] { 1, 0 }, rational))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleScore(new double[] { 1 }, scales, rational))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleScore(new double[0], new double[0], rational))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
