/**
 * The analytics kernel: one writer thread owning every instrument's state, turning each tick into session VWAP
 * and calendar-aligned bars, published as SBE messages.
 */
package io.ticktape.kernel;
