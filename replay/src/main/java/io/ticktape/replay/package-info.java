/**
 * Replay of the journal: the recorded ticks published again on Aeron as the same SBE messages as live, paced by their
 * recorded exchange times or as fast as possible, optionally through the analytics kernel (backtests), steerable while
 * running ({@link io.ticktape.replay.Replayer}); and the engine-side half of replay-merge
 * ({@link io.ticktape.replay.ReplayServer}).
 */
package io.ticktape.replay;
