package io.ticktape.feed;

import io.ticktape.protocol.status.Counters;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A feed format the engine can decode, found with {@link ServiceLoader} so that formats whose codecs are generated
 * only when their schemas are available at build time (CME MDP 3.0) are optional.
 */
public interface FeedFormat
{
    /**
     * @return the name used on the command line and in configuration, e.g. {@code mdp3}.
     */
    String name();

    /**
     * @param handler  receives the decoded ticks.
     * @param counters where the decoder's counters are allocated.
     * @param prefix   label prefix for its counters, e.g. {@code feed.cme}.
     * @return a new decoder, for one thread.
     */
    PacketDecoder newDecoder(MarketDataHandler handler, Counters counters, String prefix);

    /**
     * @param name of a format.
     * @return the format.
     * @throws IllegalArgumentException naming the formats available, if there is none by that name.
     */
    static FeedFormat of(final String name)
    {
        final List<String> names = new ArrayList<>();
        for (final FeedFormat format : ServiceLoader.load(FeedFormat.class))
        {
            if (format.name().equals(name))
            {
                return format;
            }
            names.add(format.name());
        }
        throw new IllegalArgumentException("unknown feed format '" + name + "'; this build has: " + names +
            ("mdp3".equals(name) ? " (mdp3 codecs are generated only when ../shared/data/cme-mdp3/schemas is " +
            "present at build time)" : ""));
    }
}
