/**
 * A/B line arbitration: each channel's packets arrive on two lines, either of which can drop, repeat or reorder;
 * the arbitrator passes each line sequence number on exactly once, in order, and declares gaps when a number is
 * missing from both lines for longer than the reorder window allows.
 */
package io.ticktape.sequencer.arbitration;
