/**
 * Thread creation for the engine: role names, pinning with OpenHFT Affinity, idle strategies by name.
 */
package io.ticktape.engine.threads;
