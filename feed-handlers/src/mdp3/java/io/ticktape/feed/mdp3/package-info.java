/**
 * CME MDP 3.0 market data (SBE, schema id 1): packets from the incremental UDP feeds decoded into normalized
 * {@link io.ticktape.protocol.tick.Tick}s, with every kind of malformed input counted, logged once and skipped.
 * <p>
 * Built only where CME's schemas are present at build time (the {@code cme-mdp3} Maven profile of this module);
 * the codecs in {@code io.ticktape.feed.mdp3.sbe.v9} and {@code io.ticktape.feed.mdp3.sbe.v13} are generated from
 * them and never committed.
 */
package io.ticktape.feed.mdp3;
