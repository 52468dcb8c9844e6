/**
 * The engine's live dashboard (an HTTP page with uPlot charts fed by server-sent events) and its Prometheus
 * {@code /metrics} endpoint, both read from the engine off its hot paths.
 */
package io.ticktape.engine.dashboard;
