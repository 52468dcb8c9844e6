/**
 * Named counters shared by every stage, over Agrona's {@link org.agrona.concurrent.status.CountersManager}.
 */
package io.ticktape.protocol.status;
