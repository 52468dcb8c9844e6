package io.ticktape.kernel.ops;

/**
 * Combines component anomaly scores into one score in [0, 1].
 * <p>
 * Each component's raw score {@code s} (any sign: its magnitude counts) is first mapped into [0, 1] with its own
 * scale {@code k}, the raw score at which the mapped score is one half ({@link Mapping#RATIONAL}) or 1 - 1/e
 * ({@link Mapping#EXPONENTIAL}); then the mapped scores are averaged with non-negative weights:
 * <pre>
 *   m_i = |s_i| / (|s_i| + k_i)         RATIONAL (no exp on the hot path, heavy tail: 9k maps to 0.9)
 *   m_i = 1 - exp(-|s_i| / k_i)          EXPONENTIAL (saturates faster: 2.3k maps to 0.9)
 *   ensemble = sum(w_i * m_i) / sum(w_i)
 * </pre>
 * A {@code NaN} component (no evidence yet: empty window, guarded variance) maps to 0, not to a gap that would
 * re-weight the others; {@code +Infinity} maps to 1. Weights are fixed at construction and must be finite,
 * non-negative and sum to more than zero. Components keep their last value until set again.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class EnsembleScore
{
    /**
     * How a raw score maps into [0, 1].
     */
    public enum Mapping
    {
        /** {@code |s| / (|s| + k)}. */
        RATIONAL,
        /** {@code 1 - exp(-|s| / k)}. */
        EXPONENTIAL
    }

    private final double[] weights;
    private final double[] scales;
    private final double[] components;
    private boolean dirty = true;
    private double score;
    private final double weightSum;
    private final Mapping mapping;

    /**
     * @param weights one per component, finite and non-negative, summing to more than zero (copied).
     * @param scales  one per component, finite and positive (copied).
     * @param mapping how raw scores map into [0, 1].
     */
    public EnsembleScore(final double[] weights, final double[] scales, final Mapping mapping)
    {
        if (weights.length == 0 || weights.length != scales.length || null == mapping)
        {
            throw new IllegalArgumentException("need one weight and one scale per component, and a mapping");
        }
        double sum = 0.0;
        for (int i = 0; i < weights.length; i++)
        {
            if (!(weights[i] >= 0.0) || !Double.isFinite(weights[i]))
            {
                throw new IllegalArgumentException("weight " + i + " must be finite and non-negative: " + weights[i]);
            }
            if (!(scales[i] > 0.0) || !Double.isFinite(scales[i]))
            {
                throw new IllegalArgumentException("scale " + i + " must be finite and positive: " + scales[i]);
            }
            sum += weights[i];
        }
        if (!(sum > 0.0) || !Double.isFinite(sum))
        {
            throw new IllegalArgumentException("weights must sum to a positive finite number: " + sum);
        }
        this.weights = weights.clone();
        this.scales = scales.clone();
        this.mapping = mapping;
        weightSum = sum;
        components = new double[weights.length];
        java.util.Arrays.fill(components, Double.NaN);
    }

    /**
     * Map a raw score into [0, 1].
     *
     * @param score   raw score, any sign, {@code NaN} for none.
     * @param scale   positive scale.
     * @param mapping the mapping.
     * @return the mapped score.
     */
    public static double map(final double score, final double scale, final Mapping mapping)
    {
        final double magnitude = Math.abs(score);
        if (Double.isNaN(magnitude))
        {
            return 0.0;
        }
        if (magnitude == Double.POSITIVE_INFINITY)
        {
            return 1.0;
        }
        return mapping == Mapping.RATIONAL ? magnitude / (magnitude + scale) : -Math.expm1(-magnitude / scale);
    }

    /**
     * Set a component's raw score.
     *
     * @param index component.
     * @param score raw score, {@code NaN} for none.
     * @return this.
     */
    public EnsembleScore component(final int index, final double score)
    {
        components[index] = score;
        dirty = true;
        return this;
    }

    /**
     * @param index component.
     * @return its last raw score ({@code NaN} until set).
     */
    public double component(final int index)
    {
        return components[index];
    }

    /**
     * @param index component.
     * @return its raw score mapped into [0, 1].
     */
    public double mapped(final int index)
    {
        return map(components[index], scales[index], mapping);
    }

    /**
     * @return the weighted mean of the mapped components, in [0, 1].
     */
    public double score()
    {
        if (!dirty)
        {
            // The kernel reads the score more than once per tick (statistics, anomaly): compute it once.
            return score;
        }
        dirty = false;
        double sum = 0.0;
        for (int i = 0; i < components.length; i++)
        {
            sum += weights[i] * map(components[i], scales[i], mapping);
        }
        // Rounding could lift the mean a hair above 1 when every component saturates.
        score = Math.min(1.0, sum / weightSum);
        return score;
    }

    /**
     * @return number of components.
     */
    public int size()
    {
        return components.length;
    }

    /**
     * @param index component.
     * @return its weight.
     */
    public double weight(final int index)
    {
        return weights[index];
    }

    /**
     * @param index component.
     * @return its scale.
     */
    public double scale(final int index)
    {
        return scales[index];
    }

    /**
     * @return the mapping.
     */
    public Mapping mapping()
    {
        return mapping;
    }
}
