/**
 * Columnar history tier built from the journal: per-day, per-symbol column files that TSQL scans.
 */
package io.ticktape.store.history;
