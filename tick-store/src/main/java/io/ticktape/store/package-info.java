/**
 * The tick store: a Chronicle Queue journal of every sequenced tick, in global sequence order.
 * <p>
 * Appending one excerpt per tick caps a Chronicle Queue at a few million ticks a second, so the journal writes a
 * batch of ticks per excerpt: each excerpt is a run of encoded tick messages (message header and block, as on
 * Aeron) with dense, ascending global sequence numbers.
 * <pre>
 *  excerpt: | TradeTick (8 + 77 bytes) | QuoteTick (8 + 88 bytes) | ... up to {@code MAX_BATCH} ticks ... |
 * </pre>
 */
package io.ticktape.store;
