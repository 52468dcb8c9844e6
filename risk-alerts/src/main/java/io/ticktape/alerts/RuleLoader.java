package io.ticktape.alerts;

import io.ticktape.protocol.Durations;
import io.ticktape.protocol.sbe.AlertSeverity;
import net.openhft.chronicle.wire.Marshallable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rules file with Chronicle Wire into {@link AlertRules} and checks every rule into a {@link CompiledRules}.
 * Anything wrong is a {@link RulesException} naming the file, the line and the problem; nothing is half-applied.
 * <p>
 * Wire reads an unknown field by ignoring it and a malformed number as zero, so before Wire sees the text a small
 * scan checks that every key is a known field and every threshold a number, with the line it is on.
 */
public final class RuleLoader
{
    private static final Set<String> KEYS = Set.of(
        "rules", "name", "symbols", "metric", "window", "stage", "raiseAbove", "clearBelow", "severity",
        "minDuration", "cooldown", "clearAfter", "enabled");
    private static final Set<String> NUMBER_KEYS = Set.of("raiseAbove", "clearBelow");
    private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:(?!:)\\s*([^,}\\]]*)");
    private static final String ROOT_TAG = "!" + AlertRules.class.getName();

    private RuleLoader()
    {
    }

    /**
     * @param file    the rules file.
     * @param context the kernel the rules read.
     * @return the checked rules.
     * @throws RulesException naming the file, line and problem.
     */
    public static CompiledRules load(final Path file, final RuleContext context)
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new RulesException(file.toString(), 0, "cannot read the rules file: " + ex);
        }
        return parse(text, file.toString(), context);
    }

    /**
     * @param text    the rules, as YAML.
     * @param origin  the file name, for messages.
     * @param context the kernel the rules read.
     * @return the checked rules.
     * @throws RulesException naming the file, line and problem.
     */
    public static CompiledRules parse(final String text, final String origin, final RuleContext context)
    {
        final List<Integer> nameLines = scan(text, origin);
        final AlertRules parsed;
        try
        {
            final String tagged = firstCode(text).startsWith("!") ? text : ROOT_TAG + " {\n" + text + "\n}\n";
            parsed = Marshallable.fromString(AlertRules.class, tagged);
        }
        catch (final RuntimeException ex)
        {
            throw new RulesException(origin, 0, "not a valid rules file: " + ex.getMessage());
        }
        if (null == parsed || null == parsed.rules)
        {
            throw new RulesException(origin, 0, "no 'rules:' list");
        }
        final List<CompiledRule> rules = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < parsed.rules.size(); i++)
        {
            final AlertRule rule = parsed.rules.get(i);
            final int line = i < nameLines.size() ? nameLines.get(i) : 0;
            if (null == rule)
            {
                throw new RulesException(origin, line, "rule " + (i + 1) + " is empty");
            }
            final CompiledRule compiled = compile(rule, rules.size(), origin, line, context, i + 1);
            if (!names.add(rule.name))
            {
                throw new RulesException(origin, line, "rule '" + rule.name + "' is defined twice");
            }
            if (rule.enabled)
            {
                rules.add(compiled);
            }
        }
        return new CompiledRules(origin, rules.toArray(new CompiledRule[0]));
    }

    private static CompiledRule compile(
        final AlertRule rule,
        final int index,
        final String origin,
        final int line,
        final RuleContext context,
        final int ordinal)
    {
        if (null == rule.name || rule.name.isBlank())
        {
            throw new RulesException(origin, line, "rule " + ordinal + " has no name");
        }
        final String what = "rule '" + rule.name + "': ";
        final Metric metric = null == rule.metric ? null : Metric.of(rule.metric);
        if (null == metric)
        {
            throw new RulesException(origin, line, what + (null == rule.metric ? "no metric" :
                "unknown metric '" + rule.metric + "'") + " (one of " + Metric.names() + ")");
        }
        if (metric.needsKernelOperators() && !context.kernel().enabled())
        {
            throw new RulesException(origin, line, what + metric + " comes from the kernel's operators, which are " +
                "off (kernel.enabled: false)");
        }
        final AlertSeverity severity;
        try
        {
            severity = AlertSeverity.valueOf(null == rule.severity ? "WARNING" : rule.severity.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RulesException(origin, line, what + "unknown severity '" + rule.severity +
                "' (INFO, WARNING or CRITICAL)");
        }
        if (null == rule.symbols || rule.symbols.isBlank())
        {
            throw new RulesException(origin, line, what + "symbols is empty (use \"*\" for all instruments)");
        }
        final int windowIndex = window(rule, metric, origin, line, context, what);
        stage(rule, metric, origin, line, what);

        final double raise = Double.isNaN(rule.raiseAbove) ? metric.defaultRaise() : rule.raiseAbove;
        final double clear = Double.isNaN(rule.clearBelow) ? raise : rule.clearBelow;
        if (!Double.isFinite(raise) || !Double.isFinite(clear))
        {
            throw new RulesException(origin, line, what + "thresholds must be finite numbers");
        }
        if (clear > raise)
        {
            throw new RulesException(origin, line, what + "clearBelow (" + clear + ") must not exceed raiseAbove (" +
                raise + "): hysteresis raises above X and clears below Y <= X");
        }
        if (metric.kind() != Metric.Kind.LEVEL && (raise <= 0 || clear <= 0))
        {
            throw new RulesException(origin, line, what + metric + " counts events: raiseAbove and clearBelow must " +
                "be positive");
        }
        final double published = publishedFrom(metric, context);
        if (clear < published)
        {
            throw new RulesException(origin, line, what + "the kernel publishes " + metric + " only from " +
                published + " (its kernel threshold), so clearBelow and raiseAbove must be at least that: " + clear);
        }
        final long minDurationNs = duration(rule.minDuration, "minDuration", origin, line, what);
        final long cooldownNs = duration(rule.cooldown, "cooldown", origin, line, what);
        final long clearAfterNs = duration(rule.clearAfter, "clearAfter", origin, line, what);
        if (metric.kind() == Metric.Kind.EVENT && clearAfterNs <= 0)
        {
            throw new RulesException(origin, line, what + "clearAfter must be positive for " + metric);
        }
        return new CompiledRule(
            index, rule, metric, severity, windowIndex, raise, clear, minDurationNs, cooldownNs, clearAfterNs);
    }

    private static double publishedFrom(final Metric metric, final RuleContext context)
    {
        switch (metric)
        {
            case RETURN_ZSCORE:
                return context.kernel().zScoreThreshold();
            case VOLUME_SPIKE:
                return context.kernel().volumeSpikeThreshold();
            default:
                return Double.NEGATIVE_INFINITY;
        }
    }

    private static int window(
        final AlertRule rule,
        final Metric metric,
        final String origin,
        final int line,
        final RuleContext context,
        final String what)
    {
        if (metric != Metric.PRICE_MOVE_PCT)
        {
            if (null != rule.window)
            {
                throw new RulesException(origin, line, what + "window applies only to priceMovePct");
            }
            return -1;
        }
        final long[] windowsNs = context.kernel().priceWindowsNs();
        final StringBuilder known = new StringBuilder();
        for (final long windowNs : windowsNs)
        {
            known.append(known.length() == 0 ? "" : ", ").append(Durations.format(windowNs));
        }
        if (null == rule.window)
        {
            throw new RulesException(origin, line, what + "priceMovePct needs a window, one of the kernel's price " +
                "windows: " + known);
        }
        final long windowNs = duration(rule.window, "window", origin, line, what);
        for (int i = 0; i < windowsNs.length; i++)
        {
            if (windowsNs[i] == windowNs)
            {
                return i;
            }
        }
        throw new RulesException(origin, line, what + "window " + rule.window + " is not one of the kernel's price " +
            "windows (kernel.priceWindows): " + known);
    }

    private static void stage(
        final AlertRule rule, final Metric metric, final String origin, final int line, final String what)
    {
        final String[] allowed;
        if (metric == Metric.STAGE_LATENCY_P99_US)
        {
            allowed = RuleContext.STAGES;
        }
        else if (metric == Metric.RING_BACKLOG)
        {
            allowed = RuleContext.CONSUMERS;
        }
        else
        {
            if (null != rule.stage)
            {
                throw new RulesException(origin, line, what + "stage applies only to stageLatencyP99Us and " +
                    "ringBacklog");
            }
            return;
        }
        if (null == rule.stage)
        {
            throw new RulesException(origin, line, what + metric + " needs a stage: " + String.join(", ", allowed));
        }
        for (final String name : allowed)
        {
            if (name.equals(rule.stage))
            {
                return;
            }
        }
        throw new RulesException(origin, line, what + "unknown stage '" + rule.stage + "' for " + metric + ": " +
            String.join(", ", allowed));
    }

    private static long duration(
        final String text, final String field, final String origin, final int line, final String what)
    {
        if (null == text)
        {
            throw new RulesException(origin, line, what + field + " is empty");
        }
        try
        {
            return Durations.parseNs(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RulesException(origin, line, what + field + ": " + ex.getMessage());
        }
    }

    /**
     * Check keys and numbers line by line; return the line of each rule's name, in order.
     */
    private static List<Integer> scan(final String text, final String origin)
    {
        final List<Integer> nameLines = new ArrayList<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String code = withoutQuotedAndComments(lines[i]);
            final Matcher matcher = KEY.matcher(code);
            while (matcher.find())
            {
                final String key = matcher.group(1);
                if (!KEYS.contains(key))
                {
                    throw new RulesException(origin, i + 1, "unknown field '" + key + "' (fields: " +
                        String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
                }
                if ("name".equals(key))
                {
                    nameLines.add(i + 1);
                }
                if (NUMBER_KEYS.contains(key))
                {
                    final String value = matcher.group(2).trim();
                    try
                    {
                        Double.parseDouble(value);
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw new RulesException(origin, i + 1, key + " must be a number: '" + value + "'");
                    }
                }
            }
        }
        return nameLines;
    }

    private static String firstCode(final String text)
    {
        for (final String line : text.split("\n"))
        {
            final String code = line.strip();
            if (!code.isEmpty() && !code.startsWith("#"))
            {
                return code;
            }
        }
        return "";
    }

    private static String withoutQuotedAndComments(final String line)
    {
        final StringBuilder out = new StringBuilder(line.length());
        char quote = 0;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quote != 0)
            {
                if (c == quote)
                {
                    quote = 0;
                    out.append('x');
                }
                continue;
            }
            if (c == '"' || c == '\'')
            {
                quote = c;
                continue;
            }
            if (c == '#')
            {
                break;
            }
            out.append(c);
        }
        return out.toString();
    }
}
