package io.ticktape.alerts;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of a rules file.
 * <pre>
 * !io.ticktape.alerts.AlertRules {
 *   rules: [
 *     { name: jump, metric: priceMovePct, window: 10s, raiseAbove: 1.0, clearBelow: 0.5 },
 *     { name: gap, metric: feedGap, severity: CRITICAL, clearAfter: 30s }
 *   ]
 * }
 * </pre>
 */
public final class AlertRules extends SelfDescribingMarshallable
{
    /** The rules, evaluated in this order. */
    public List<AlertRule> rules = new ArrayList<>();
}
