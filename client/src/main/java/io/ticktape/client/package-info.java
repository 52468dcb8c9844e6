/**
 * What a trading system embeds to talk to Ticktape over Aeron: {@link io.ticktape.client.TicktapeSubscriber}
 * polls the engine's streams and calls a {@link io.ticktape.client.TicktapeListener} with SBE flyweights, and
 * {@link io.ticktape.client.PublicationProxy} offers encoded messages with bounded back-pressure handling.
 */
package io.ticktape.client;
