/**
 * Writers for exports of the store: Parquet, written from the format specification.
 */
package io.ticktape.store.export;
