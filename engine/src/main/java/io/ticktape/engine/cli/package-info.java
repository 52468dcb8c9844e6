/**
 * The {@code ticktape} command line (picocli): demo, run, tail, export.
 */
package io.ticktape.engine.cli;
