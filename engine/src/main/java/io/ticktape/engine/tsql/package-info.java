/**
 * The TSQL query service: requests over Aeron, queries run on worker threads, answers streamed to each client's
 * own response publication without ever blocking the service's thread.
 */
package io.ticktape.engine.tsql;
