/**
 * A deterministic market simulator that writes Ticktape SBE frames, for demos, tests and benchmarks.
 */
package io.ticktape.feed.sim;
