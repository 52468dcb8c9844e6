/**
 * Replay throughput: the journal replayed at max speed into an Aeron IPC subscriber in another process, against the
 * ceiling of a plain Chronicle Queue tailer read loop over the same journal.
 */
package io.ticktape.perf.replay;
