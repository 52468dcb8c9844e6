package io.ticktape.engine;

import io.aeron.Subscription;
import io.ticktape.alerts.AlertDeliveryAgent;
import io.ticktape.alerts.AlertEvaluator;
import io.ticktape.alerts.AlertJournal;
import io.ticktape.alerts.CompiledRules;
import io.ticktape.alerts.HealthProbe;
import io.ticktape.alerts.RuleContext;
import io.ticktape.alerts.RuleLoader;
import io.ticktape.alerts.RulesWatcher;
import io.ticktape.alerts.SystemHealthEvaluator;
import io.ticktape.alerts.WebhookSender;
import io.ticktape.client.PublicationProxy;
import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.status.Counters;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's alerts: the rules (loaded at start, reloaded by a watcher thread), the evaluator the kernel writes
 * its outputs through, the system-health timer, and delivery (an agent on a thread of its own, never pinned and never
 * spinning: alerts are rare). A rules file that does not check stops the engine from starting, with its file, line
 * and problem; after the start, such a file is reported and the rules in force stay.
 * <pre>
 *  kernel thread: kernel -> AlertEvaluator -> analytics publication
 *                                   |
 *  health timer: SystemHealthEvaluator --+--> AlertDeliveryAgent (thread "ticktape-alerts") --> stream, journal,
 *  watcher thread: RulesWatcher -> evaluator.rules(...)                                          log, webhooks
 * </pre>
 */
public final class EngineAlerts implements AutoCloseable
{
    private AlertDeliveryAgent delivery;
    private final EngineConfig.AlertSettings settings;
    private final RuleContext context;
    private final Counters counters;
    private final CompiledRules initialRules;
    private AlertEvaluator evaluator;
    private AlertJournal journal;
    private WebhookSender webhooks;
    private AgentRunner deliveryRunner;
    private RulesWatcher watcher;
    private ScheduledExecutorService healthTimer;

    EngineAlerts(final EngineConfig.AlertSettings settings, final KernelConfiguration kernel, final Counters counters)
    {
        this.settings = settings;
        this.context = new RuleContext(kernel);
        this.counters = counters;
        this.initialRules = settings.rulesFile.isEmpty() ?
            CompiledRules.EMPTY : RuleLoader.load(Path.of(settings.rulesFile), context);
    }

    void start(
        final PublicationProxy publication,
        final Subscription commands,
        final Path dataDir,
        final String rollCycle,
        final AnalyticsSink analytics,
        final HealthProbe probe,
        final ErrorHandler errorHandler)
    {
        journal = AlertJournal.open(dataDir, rollCycle);
        if (!settings.webhooks.isEmpty())
        {
            final List<URI> urls = new ArrayList<>();
            for (final String url : settings.webhooks)
            {
                urls.add(URI.create(url));
            }
            webhooks = new WebhookSender(urls, settings.webhookQueue, settings.webhookRetries,
                TimeUnit.NANOSECONDS.toMillis(Durations.parseNs(settings.webhookBackoff)),
                TimeUnit.NANOSECONDS.toMillis(Durations.parseNs(settings.webhookTimeout)), counters);
        }
        delivery = new AlertDeliveryAgent(settings.inboxCapacity, publication, journal,
            webhooks, commands, SystemEpochNanoClock.INSTANCE, counters);
        evaluator = new AlertEvaluator(analytics, delivery, initialRules, counters);
        deliveryRunner = new AgentRunner(new BackoffIdleStrategy(), errorHandler, null, delivery);
        AgentRunner.startOnThread(deliveryRunner, runnable ->
        {
            final Thread thread = new Thread(runnable, "ticktape-alerts");
            thread.setDaemon(true);
            return thread;
        });

        final SystemHealthEvaluator health = new SystemHealthEvaluator(probe, delivery, evaluator, counters);
        healthTimer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "ticktape-alerts-health");
            thread.setDaemon(true);
            return thread;
        });
        final long intervalNs = Durations.parseNs(settings.healthInterval);
        healthTimer.scheduleAtFixedRate(() ->
        {
            try
            {
                health.evaluate(SystemEpochNanoClock.INSTANCE.nanoTime());
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }, intervalNs, intervalNs, TimeUnit.NANOSECONDS);

        if (!settings.rulesFile.isEmpty())
        {
            watcher = new RulesWatcher(Path.of(settings.rulesFile), context, evaluator::rules,
                TimeUnit.NANOSECONDS.toMillis(Durations.parseNs(settings.reloadPoll)), counters);
        }
    }

    /**
     * @param listener receives each delivered alert's text line on the delivery thread (after {@code start}).
     */
    public void alertLines(final java.util.function.Consumer<String> listener)
    {
        delivery.lineListener(listener);
    }

    /**
     * @return the evaluator the kernel writes through.
     */
    public AlertEvaluator evaluator()
    {
        return evaluator;
    }

    /**
     * @return the rules in force (the latest published).
     */
    public CompiledRules rules()
    {
        return evaluator.rules();
    }

    /**
     * Stop the watcher and the timer, then delivery once the kernel has stopped (its last alerts are delivered).
     */
    @Override
    public void close()
    {
        CloseHelper.close(watcher);
        if (null != healthTimer)
        {
            healthTimer.shutdownNow();
        }
        CloseHelper.close(deliveryRunner);
        CloseHelper.close(webhooks);
        CloseHelper.close(journal);
    }
}
