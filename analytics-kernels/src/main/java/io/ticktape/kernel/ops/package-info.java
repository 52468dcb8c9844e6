/**
 * Per-instrument streaming operators for the analytics kernel: rolling statistics over time and count windows,
 * EWMA and realized volatility, rolling VWAP, activity bars, time-bar gap filling and anomaly scores.
 * <p>
 * Every operator is a small final class owned by the kernel's single writer thread. All state is preallocated at
 * construction, so an update allocates nothing; capacities are fixed and what happens when one is exceeded is
 * documented on each class (usually: the oldest sample is evicted and counted). Time always comes in as an argument
 * (exchange time in epoch nanoseconds), never from a clock, so the same input gives bit-identical output.
 * <p>
 * Conventions shared by all operators:
 * <ul>
 *     <li>A time window of {@code W} ns evaluated at time {@code t} covers {@code (t - W, t]}: a sample stamped
 *     exactly {@code t - W} has left it. Equal timestamps are allowed; a timestamp earlier than the window's end
 *     (the latest time seen) is rejected and counted, because the window it belongs to has already been reported.</li>
 *     <li>Integer inputs (price mantissas, sizes) are summed exactly in 128 or 192 bits; the only rounding happens
 *     when a result is converted to {@code double}, and each class says how many roundings that is.</li>
 *     <li>An empty window answers {@code NaN} for means, variances and ratios; sentinels for {@code long} results
 *     are documented where they occur.</li>
 *     <li>Non-finite {@code double} inputs are rejected and counted rather than poisoning the state.</li>
 * </ul>
 */
package io.ticktape.kernel.ops;
