package io.ticktape.alerts;

import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * POSTs alerts as JSON to the configured webhooks from a thread of its own, fed by a bounded queue: {@link #offer}
 * never blocks (a full queue drops the alert and counts it in {@code webhook.dropped}). Each POST is retried with
 * exponential backoff ({@code backoff}, twice that, ...) while it fails (an exception or a status other than 2xx);
 * after the last retry it is counted in {@code webhook.failed} and logged.
 */
public final class WebhookSender implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(WebhookSender.class.getName());
    private static final String STOP = new String("stop");

    private final List<URI> urls;
    private final int retries;
    private final long backoffMs;
    private final Duration timeout;
    private final BlockingQueue<String> queue;
    private final HttpClient client;
    private final Thread thread;
    private final AtomicCounter sent;
    private final AtomicCounter failed;
    private final AtomicCounter retried;
    private final AtomicCounter dropped;
    private volatile boolean running = true;

    /**
     * @param urls          where to POST.
     * @param queueCapacity alerts waiting at most.
     * @param retries       retries after a failed POST.
     * @param backoffMs     wait before the first retry, doubled for each next one.
     * @param timeoutMs     connect and request timeout.
     * @param counters      where {@code webhook.*} counters live.
     */
    public WebhookSender(
        final List<URI> urls,
        final int queueCapacity,
        final int retries,
        final long backoffMs,
        final long timeoutMs,
        final Counters counters)
    {
        this.urls = List.copyOf(urls);
        this.retries = retries;
        this.backoffMs = backoffMs;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        sent = counters.newCounter("webhook.sent");
        failed = counters.newCounter("webhook.failed");
        retried = counters.newCounter("webhook.retries");
        dropped = counters.newCounter("webhook.dropped");
        thread = new Thread(this::run, "ticktape-webhooks");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queue one alert for every webhook; never blocks.
     *
     * @param json the alert.
     * @return false if the queue was full (the alert is dropped and counted).
     */
    public boolean offer(final String json)
    {
        if (!queue.offer(json))
        {
            dropped.incrementRelease();
            return false;
        }
        return true;
    }

    private void run()
    {
        while (running || !queue.isEmpty())
        {
            final String json;
            try
            {
                json = queue.poll(100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            if (null == json || json == STOP)
            {
                continue;
            }
            for (final URI url : urls)
            {
                post(url, json);
            }
        }
    }

    private void post(final URI url, final String json)
    {
        final HttpRequest request = HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
        String problem = null;
        for (int attempt = 0; attempt <= retries; attempt++)
        {
            if (attempt > 0)
            {
                retried.incrementRelease();
                if (!sleep(backoffMs << Math.min(attempt - 1, 20)))
                {
                    break;
                }
            }
            try
            {
                final HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2)
                {
                    sent.incrementRelease();
                    return;
                }
                problem = "HTTP " + response.statusCode();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                problem = "interrupted";
                break;
            }
            catch (final Exception ex)
            {
                problem = ex.getClass().getSimpleName() + (null == ex.getMessage() ? "" : ": " + ex.getMessage());
            }
        }
        failed.incrementRelease();
        LOG.log(Level.WARNING, "webhook {0} failed after {1} retries ({2}); alert dropped", url, retries, problem);
    }

    private boolean sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @return alerts waiting to be sent.
     */
    public int queued()
    {
        return queue.size();
    }

    /**
     * Send what is queued (up to a few seconds), then stop.
     */
    @Override
    public void close()
    {
        running = false;
        queue.offer(STOP);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            thread.interrupt();
        }
    }
}
