/**
 * Imports of history into the journal: CSV ({@code ts,symbol,price,size}) and Databento DBN (v1 to v3, plain or
 * zstd; trades and MBP-1 schemas), decoded here from the published formats.
 */
package io.ticktape.store.imports;
