package io.ticktape.alerts;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * One rule as written in the rules file (read by Chronicle Wire); {@link RuleLoader} checks it and compiles it into
 * a {@link CompiledRule}. Durations are strings such as {@code 500ms}; thresholds left out take the metric's
 * defaults (see {@link Metric}).
 * <pre>
 * { name: es-jump, symbols: "ES*", metric: priceMovePct, window: 10s, raiseAbove: 1.0, clearBelow: 0.5,
 *   severity: CRITICAL, minDuration: 0s, cooldown: 30s }
 * </pre>
 */
public final class AlertRule extends SelfDescribingMarshallable
{
    /** Unique name: what alerts, logs and acknowledgements call the rule. */
    public String name;
    /** Symbol, glob pattern ({@code ES*}, {@code ?SFT}) or {@code *} for all instruments. */
    public String symbols = "*";
    /** What the rule watches: one of {@link Metric}'s names, e.g. {@code priceMovePct}. */
    public String metric;
    /** priceMovePct: one of the kernel's price windows. */
    public String window;
    /** stageLatencyP99Us: the stage (kernel); ringBacklog: a consumer (kernel, journal, publisher) or max. */
    public String stage;
    /** Raise when the value reaches this. */
    public double raiseAbove = Double.NaN;
    /** Clear when the value falls below this (hysteresis: at most raiseAbove). */
    public double clearBelow = Double.NaN;
    /** INFO, WARNING or CRITICAL. */
    public String severity = "WARNING";
    /** The value must stay at or above raiseAbove this long before the alert is raised. */
    public String minDuration = "0s";
    /** After a clear, no new alert of this rule and subject for this long. */
    public String cooldown = "0s";
    /** Event metrics (feedGap): clear after this long without a new event. */
    public String clearAfter = "10s";
    /** False: the rule is kept in the file but not evaluated. */
    public boolean enabled = true;
}
