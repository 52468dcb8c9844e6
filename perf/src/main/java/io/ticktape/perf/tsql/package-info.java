/**
 * TSQL against its peers (DuckDB in-process, QuestDB embedded) on the same generated trades.
 */
package io.ticktape.perf.tsql;
