package io.ticktape.alerts;

import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleLoaderTest
{
    private static final String GOOD = """
        # comment
        !io.ticktape.alerts.AlertRules {
          rules: [
            { name: jump, symbols: "ES*", metric: priceMovePct, window: 10s, raiseAbove: 1.5, clearBelow: 0.5,
              severity: CRITICAL, minDuration: 0s, cooldown: 30s },
            { name: gap, metric: feedGap, clearAfter: 5s },
            { name: off, metric: ensemble, enabled: false }
          ]
        }
        """;

    @TempDir
    Path dir;

    @Test
    void shouldReadTypedRules()
    {
        final CompiledRules rules = RuleLoader.parse(GOOD, "good.yaml", RuleContext.defaults());
        assertThat(rules.size()).isEqualTo(2);
        final CompiledRule jump = rules.rule("jump");
        assertThat(jump.metric()).isEqualTo(Metric.PRICE_MOVE_PCT);
        assertThat(jump.raiseAbove()).isEqualTo(1.5);
        assertThat(jump.clearBelow()).isEqualTo(0.5);
        assertThat(jump.cooldownNs()).isEqualTo(TimeUnit.SECONDS.toNanos(30));
        assertThat(jump.matches("ESZ6")).isTrue();
        assertThat(jump.matches("NQZ6")).isFalse();
        assertThat(rules.rule("gap").clearAfterNs()).isEqualTo(TimeUnit.SECONDS.toNanos(5));
        assertThat(rules.rule("off")).isNull();
    }

    @Test
    void shouldShipAnExampleThatLoads()
    {
        final Path shipped = Path.of("..", "config", "alerts.yaml");
        assertThat(RuleLoader.load(shipped, RuleContext.defaults()).size()).isPositive();
    }

    @Test
    void shouldNameFileLineAndProblem()
    {
        assertProblem("rules: [\n  { name: a, metric: spreadBps },\n  { name: b, metric: nonsense }\n]\n",
            "bad.yaml:3: rule 'b': unknown metric 'nonsense'");
        assertProblem("rules: [\n  { name: a, metric: spreadBps, raiseAbove: 10, clearBelow: 20 }\n]\n",
            "bad.yaml:2: rule 'a': clearBelow (20.0) must not exceed raiseAbove (10.0)");
        assertProblem("rules: [\n  { name: a, metric: spreadBps,\n    raiseAbov: 10 }\n]\n",
            "bad.yaml:3: unknown field 'raiseAbov'");
        assertProblem("rules: [\n  { name: a, metric: spreadBps, raiseAbove: lots }\n]\n",
            "bad.yaml:2: raiseAbove must be a number: 'lots'");
        assertProblem("rules: [\n  { name: a, metric: priceMovePct, window: 5s }\n]\n",
            "bad.yaml:2: rule 'a': window 5s is not one of the kernel's price windows (kernel.priceWindows): 1s, 10s, 60s");
        assertProblem("rules: [\n  { name: a, metric: spreadBps },\n  { name: a, metric: ensemble }\n]\n",
            "bad.yaml:3: rule 'a' is defined twice");
        assertProblem("rules: [\n  { name: a, metric: spreadBps, cooldown: 5 }\n]\n",
            "bad.yaml:2: rule 'a': cooldown: invalid duration '5'");
        assertProblem("rules: [\n  { name: a, metric: returnZScore, raiseAbove: 2 }\n]\n",
            "bad.yaml:2: rule 'a': the kernel publishes returnZScore only from 3.0");
        assertProblem("rules: [\n  { name: a, metric: ringBacklog, stage: nowhere }\n]\n",
            "bad.yaml:2: rule 'a': unknown stage 'nowhere'");
        assertProblem("rules: [\n  { name: a, metric: spreadBps, severity: LOUD }\n]\n",
            "bad.yaml:2: rule 'a': unknown severity 'LOUD'");
        assertThatThrownBy(() -> RuleLoader.parse("rules: [ { name: z, metric: ensemble } ]",
            "k.yaml", new RuleContext(KernelConfiguration.disabled())))
            .hasMessageContaining("kernel.enabled: false");
    }

    @Test
    void shouldKeepTheOldRulesWhenTheFileTurnsBadAndTakeTheNextGoodOne() throws Exception
    {
        final Path file = dir.resolve("alerts.yaml");
        Files.writeString(file, GOOD);
        final AtomicReference<CompiledRules> current =
            new AtomicReference<>(RuleLoader.load(file, RuleContext.defaults()));
        final CompiledRules first = current.get();
        final Counters counters = new Counters();
        try (RulesWatcher watcher = new RulesWatcher(file, RuleContext.defaults(), current::set, 20, counters))
        {
            Files.writeString(file, "rules: [\n  { name: x, metric: spreadBps,\n    raiseAbove: 5, clearBelow: 9 }\n]\n");
            await(() -> counters.value("alerts.rules_rejected") == 1);
            assertThat(watcher.lastError()).contains(file + ":2: rule 'x': clearBelow (9.0) must not exceed");
            assertThat(current.get()).isSameAs(first);

            Files.writeString(file, "rules: [ { name: y, metric: spreadBps, raiseAbove: 5 } ]\n");
            await(() -> null != current.get().rule("y"));
            assertThat(counters.value("alerts.rules_loaded")).isEqualTo(1);
            assertThat(current.get().size()).isEqualTo(1);
            assertThat(current.get().rule("y")).isNotNull();
            assertThat(watcher.lastError()).isNull();
        }
    }

    private static void assertProblem(final String yaml, final String message)
    {
        assertThatThrownBy(() -> RuleLoader.parse(yaml, "bad.yaml", RuleContext.defaults()))
            .isInstanceOf(RulesException.class)
            .hasMessageContaining(message);
    }

    static void await(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
            Thread.sleep(5);
        }
    }
}
