/**
 * Reading packet captures (classic pcap and pcapng) of UDP market data, for replay at full speed or at the
 * captured pace.
 * <p>
 * {@link io.ticktape.feed.pcap.PcapReader} maps a capture file read-only and hands each IPv4/UDP datagram to a
 * {@link io.ticktape.feed.pcap.PacketHandler} as a view into the mapping, with its capture timestamp in epoch
 * nanoseconds. Everything else in the file (other protocols, fragments, damaged records) is counted in
 * {@link io.ticktape.feed.pcap.PcapCounters} and skipped. {@link io.ticktape.feed.pcap.PcapReplay} says when each
 * packet is due so that a duty cycle can replay a capture against a clock.
 */
package io.ticktape.feed.pcap;
