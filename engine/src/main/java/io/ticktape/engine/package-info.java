/**
 * The engine: wires feed, sequencer, ring, kernel, journal and Aeron publishers together from an
 * {@link io.ticktape.engine.EngineConfig}, and owns their lifecycle.
 */
package io.ticktape.engine;
