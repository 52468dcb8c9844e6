package io.ticktape.feed.mdp3;

import java.util.Arrays;

/**
 * The templates of CME's MDP 3.0 schema (id 1), versions 5 to 13, and the schema version each first appeared in.
 * <p>
 * CME never reuses a template id for a different layout: a change that is not an SBE extension gets a new id (book
 * refresh 32 became 46 when prices moved to exponent -9, 46 became 64 for 64-bit quantities). So a template is
 * decoded by the newest codec that defines it, whatever the header's version, and that codec's
 * {@code sinceVersion} checks, driven by the header's version as {@code actingVersion}, read older layouts.
 */
final class Mdp3Templates
{
    /** CME MDP 3.0 schema id. */
    static final int SCHEMA_ID = 1;
    /** Oldest schema version decoded: the oldest schema and captures this decoder was checked against. */
    static final int OLDEST_VERSION = 5;
    /** Newest schema version the codecs were generated from. */
    static final int NEWEST_VERSION = 13;
    /** Highest template id in any supported schema. */
    static final int MAX_TEMPLATE_ID = 69;

    static final int CHANNEL_RESET = 4;
    static final int HEARTBEAT = 12;
    static final int FUTURE_DEFINITION_V2 = 27;
    static final int SPREAD_DEFINITION_V2 = 29;
    static final int OPTION_DEFINITION_V3 = 41;
    static final int BOOK_V2 = 32;
    static final int TRADE_SUMMARY_V5 = 42;
    static final int BOOK_V9 = 46;
    static final int TRADE_SUMMARY_V9 = 48;
    static final int FUTURE_DEFINITION_V9 = 54;
    static final int OPTION_DEFINITION_V9 = 55;
    static final int SPREAD_DEFINITION_V9 = 56;
    static final int BOOK_LONG_QTY = 64;
    static final int TRADE_SUMMARY_LONG_QTY = 65;

    /**
     * The {@code sinceVersion} of each template's message element in the v1.5 to v1.13 schemas, or -1 for an id
     * none of them defines (1 to 3, 5 to 11, 13, 14, 17 to 26, 28, 31, 40, 45).
     */
    private static final byte[] SINCE_VERSION = new byte[MAX_TEMPLATE_ID + 1];

    static
    {
        Arrays.fill(SINCE_VERSION, (byte)-1);
        since(0, 4, 12, 15, 16);
        since(2, 27, 29, 30, 32, 33, 34, 35, 36, 37, 38);
        since(3, 39, 41);
        since(5, 42);
        since(7, 43, 44);
        since(9, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56);
        since(10, 57, 58, 59, 60, 61);
        since(11, 62);
        since(12, 63, 64, 65, 66, 67, 68, 69);
    }

    private Mdp3Templates()
    {
    }

    /**
     * @param templateId from a message header.
     * @return true if some supported schema version defines it.
     */
    static boolean isKnown(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_TEMPLATE_ID && SINCE_VERSION[templateId] >= 0;
    }

    /**
     * @param templateId a known template.
     * @return the oldest schema version whose messages of this template are decoded.
     */
    static int oldestVersion(final int templateId)
    {
        return Math.max(OLDEST_VERSION, SINCE_VERSION[templateId]);
    }

    private static void since(final int version, final int... templateIds)
    {
        for (final int templateId : templateIds)
        {
            SINCE_VERSION[templateId] = (byte)version;
        }
    }
}
