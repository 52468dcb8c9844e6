package io.ticktape.alerts;

import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Hot reload: a thread that reads the rules file every {@code pollMs} and, when its content changed, checks it and
 * publishes the new rule set (one volatile write, see {@link AlertEvaluator#rules(CompiledRules)}). A file that does
 * not check (once it reads the same twice in a row, so a half-written file is not taken) is logged with its file, line and problem, counted in {@code alerts.rules_rejected}, and the rules in
 * force stay. Comparing content rather than modification times catches two saves within one timestamp tick.
 */
public final class RulesWatcher implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(RulesWatcher.class.getName());

    private final Path file;
    private final RuleContext context;
    private final Consumer<CompiledRules> publish;
    private final long pollMs;
    private final Thread thread;
    private final AtomicCounter rejected;
    private final AtomicCounter loaded;
    private byte[] lastContent;
    private byte[] pendingContent;
    private volatile String lastError;
    private volatile boolean running = true;

    /**
     * @param file          the rules file, already loaded once (its content now is the baseline).
     * @param context       what rules are checked against.
     * @param publish       receives each new, checked rule set.
     * @param pollMs        how often to look.
     * @param counters      where {@code alerts.rules_loaded} and {@code alerts.rules_rejected} live.
     */
    public RulesWatcher(
        final Path file,
        final RuleContext context,
        final Consumer<CompiledRules> publish,
        final long pollMs,
        final Counters counters)
    {
        this.file = file;
        this.context = context;
        this.publish = publish;
        this.pollMs = pollMs;
        this.rejected = counters.newCounter("alerts.rules_rejected");
        this.loaded = counters.newCounter("alerts.rules_loaded");
        this.lastContent = read();
        thread = new Thread(this::run, "ticktape-rules-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run()
    {
        while (running)
        {
            try
            {
                Thread.sleep(pollMs);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            check();
        }
    }

    /**
     * Look at the file now (the thread does this every {@code pollMs}).
     */
    synchronized void check()
    {
        final byte[] content = read();
        if (null == content || Arrays.equals(content, lastContent))
        {
            pendingContent = null;
            return;
        }
        if (!Arrays.equals(content, pendingContent))
        {
            // Editors and writeString truncate, then write: take a change only once it reads the same twice.
            pendingContent = content;
            return;
        }
        pendingContent = null;
        lastContent = content;
        try
        {
            final CompiledRules rules = RuleLoader.load(file, context);
            publish.accept(rules);
            loaded.incrementRelease();
            lastError = null;
            LOG.log(Level.INFO, "alert rules reloaded from {0}: {1} rules", file, rules.size());
        }
        catch (final RulesException ex)
        {
            rejected.incrementRelease();
            lastError = ex.getMessage();
            LOG.log(Level.ERROR, "alert rules not reloaded, keeping the previous ones: {0}", ex.getMessage());
        }
    }

    private byte[] read()
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            return null; // being replaced, or gone for a moment: look again next time
        }
    }

    /**
     * @return the last reload's problem, or null if it worked (or none was tried).
     */
    public String lastError()
    {
        return lastError;
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(1000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
