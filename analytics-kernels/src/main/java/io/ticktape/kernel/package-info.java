/**
 * The analytics kernel: one writer thread owning every instrument's state, turning each tick into session VWAP,
 * calendar-aligned bars and, per {@link io.ticktape.kernel.KernelConfiguration}, the streaming operators of
 * {@link io.ticktape.kernel.ops} (rolling statistics, activity bars, anomaly scores), published as SBE messages.
 */
package io.ticktape.kernel;
