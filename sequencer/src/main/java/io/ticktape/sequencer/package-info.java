/**
 * The sequencer: puts every tick from every channel into one global order on the Disruptor ring, with its receive
 * and sequenced timestamps, dropping duplicate frames and counting gaps in each channel's line sequence.
 */
package io.ticktape.sequencer;
