package io.ticktape.feed.mdp3;

import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The counters of one {@link Mdp3PacketDecoder}, all labelled {@code <prefix>.<name>}:
 * <ul>
 *     <li>{@code packets}, {@code messages}: what was framed correctly (messages of CME's schema only);</li>
 *     <li>{@code trades}, {@code quotes}, {@code instruments}: ticks delivered;</li>
 *     <li>{@code templates.<id>}: messages per known template, created the first time that template is seen;</li>
 *     <li>{@code malformed.<reason>}: see {@link Malformation}; each reason is logged once;</li>
 *     <li>{@code version.newer}: messages of a schema version newer than the codecs, decoded by SBE's
 *     blockLength rules;</li>
 *     <li>{@code book.implied}, {@code book.deep_level}, {@code book.full}, {@code trades.not_new},
 *     {@code instruments.symbol_truncated}: valid input this decoder chooses not to represent.</li>
 * </ul>
 * Written by the decoder's thread only.
 */
final class Mdp3Counters
{
    private static final Logger LOG = System.getLogger(Mdp3PacketDecoder.class.getName());
    private static final Malformation[] MALFORMATIONS = Malformation.values();

    final AtomicCounter packets;
    final AtomicCounter messages;
    final AtomicCounter trades;
    final AtomicCounter quotes;
    final AtomicCounter instruments;
    final AtomicCounter newerVersion;
    final AtomicCounter impliedEntries;
    final AtomicCounter deepLevels;
    final AtomicCounter booksFull;
    final AtomicCounter tradesNotNew;
    final AtomicCounter symbolsTruncated;

    private final Counters counters;
    private final String prefix;
    private final AtomicCounter[] malformed = new AtomicCounter[MALFORMATIONS.length];
    private final boolean[] logged = new boolean[MALFORMATIONS.length];
    private final AtomicCounter[] templates = new AtomicCounter[Mdp3Templates.MAX_TEMPLATE_ID + 1];
    private boolean loggedNewerVersion;
    private int channelId;
    private long lineSeq;

    Mdp3Counters(final Counters counters, final String prefix)
    {
        this.counters = counters;
        this.prefix = prefix;
        packets = counters.newCounter(prefix + ".packets");
        messages = counters.newCounter(prefix + ".messages");
        trades = counters.newCounter(prefix + ".trades");
        quotes = counters.newCounter(prefix + ".quotes");
        instruments = counters.newCounter(prefix + ".instruments");
        newerVersion = counters.newCounter(prefix + ".version.newer");
        impliedEntries = counters.newCounter(prefix + ".book.implied");
        deepLevels = counters.newCounter(prefix + ".book.deep_level");
        booksFull = counters.newCounter(prefix + ".book.full");
        tradesNotNew = counters.newCounter(prefix + ".trades.not_new");
        symbolsTruncated = counters.newCounter(prefix + ".instruments.symbol_truncated");
        for (final Malformation reason : MALFORMATIONS)
        {
            malformed[reason.ordinal()] = counters.newCounter(prefix + ".malformed." + reason.label());
        }
    }

    /**
     * The packet being decoded, for the context of log lines.
     */
    void packet(final int channelId, final long lineSeq)
    {
        this.channelId = channelId;
        this.lineSeq = lineSeq;
    }

    /**
     * Count something malformed and log it the first time its kind is seen.
     *
     * @return false, so that callers can {@code return counters.malformed(...)} from a check.
     */
    boolean malformed(final Malformation reason, final long first, final long second)
    {
        final int index = reason.ordinal();
        malformed[index].incrementRelease();
        if (!logged[index])
        {
            // Formatting allocates, once per reason for the life of the decoder. Values go in as text so that
            // MessageFormat does not group their digits.
            logged[index] = true;
            LOG.log(Level.WARNING, prefix + ": " + reason.logFormat() + " (channel " + channelId +
                (lineSeq < 0 ? ", no packet header" : ", MsgSeqNum " + lineSeq) +
                "; first of its kind, counted after)", Long.toString(first), Long.toString(second));
        }
        return false;
    }

    void newerVersion(final int templateId, final int version)
    {
        newerVersion.incrementRelease();
        if (!loggedNewerVersion)
        {
            loggedNewerVersion = true;
            LOG.log(Level.INFO, "{0}: template {1} with schema version {2}, newer than the codecs ({3}); decoding " +
                "the fields known to version {3} (first of its kind, counted after)",
                prefix, Integer.toString(templateId), Integer.toString(version),
                Integer.toString(Mdp3Templates.NEWEST_VERSION));
        }
    }

    /**
     * Count a message of a known template; the counter is created on its first use (a control-path allocation,
     * bounded by the number of templates CME defines).
     */
    void template(final int templateId)
    {
        AtomicCounter counter = templates[templateId];
        if (null == counter)
        {
            counter = counters.newCounter(prefix + ".templates." + templateId);
            templates[templateId] = counter;
        }
        counter.incrementRelease();
    }
}
