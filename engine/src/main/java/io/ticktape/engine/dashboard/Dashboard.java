package io.ticktape.engine.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.protocol.Durations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine's dashboard: a small HTTP server (the JDK's) on loopback serving
 * <ul>
 *   <li>{@code /}: the page (charts drawn with uPlot, served from its WebJar on the classpath: no outside network);</li>
 *   <li>{@code /events}: server-sent events, one JSON sample per sampling interval (history first);</li>
 *   <li>{@code /api/state}, {@code /api/history}, {@code /api/bars?instrument=N}: the same data on request;</li>
 *   <li>{@code /metrics}: Prometheus exposition (the Prometheus Java client), built when scraped.</li>
 * </ul>
 * Everything is read from the engine by a sampler thread or when a request comes; no hot path is touched.
 */
public final class Dashboard implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(Dashboard.class.getName());
    private static final String RESOURCES = "/io/ticktape/engine/dashboard/";
    private static final int MAX_STREAMS = 16;
    private static final long HEARTBEAT_MS = 15_000;

    private final Telemetry telemetry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicInteger streams = new AtomicInteger();
    private final String uplotPath;
    private volatile boolean closed;

    private Dashboard(final TicktapeEngine engine, final EngineConfig.DashboardSettings settings) throws IOException
    {
        final long barIntervalNs = smallestBarInterval(engine.config());
        telemetry = new Telemetry(engine, Durations.parseNs(settings.sampleInterval), settings.historySamples,
            barIntervalNs);
        registry.register(new EngineCollector(engine, telemetry));
        uplotPath = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        server = bind(settings.host, settings.port);
        executor = Executors.newCachedThreadPool(runnable ->
        {
            final Thread thread = new Thread(runnable, "ticktape-dashboard-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", new MetricsHandler(registry));
        server.createContext("/events", this::onEvents);
        server.createContext("/api/", this::onApi);
        server.createContext("/uplot/", this::onUplot);
        server.createContext("/", this::onPage);
    }

    /**
     * Start the dashboard for a running engine.
     *
     * @param engine   to show.
     * @param settings where to listen.
     * @return the running dashboard.
     * @throws IllegalStateException if it cannot listen.
     */
    public static Dashboard start(final TicktapeEngine engine, final EngineConfig.DashboardSettings settings)
    {
        try
        {
            final Dashboard dashboard = new Dashboard(engine, settings);
            dashboard.server.start();
            dashboard.telemetry.start();
            return dashboard;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start the dashboard on " + settings.host + ":" + settings.port +
                ": " + ex.getMessage());
        }
    }

    private static HttpServer bind(final String host, final int port) throws IOException
    {
        try
        {
            return HttpServer.create(new InetSocketAddress(host, port), 0);
        }
        catch (final BindException ex)
        {
            if (0 == port)
            {
                throw ex;
            }
            LOG.log(Level.WARNING, "dashboard port {0} is taken ({1}); using an ephemeral port", port,
                ex.getMessage());
            return HttpServer.create(new InetSocketAddress(host, 0), 0);
        }
    }

    private static long smallestBarInterval(final EngineConfig config)
    {
        long smallest = Long.MAX_VALUE;
        for (final String interval : config.barIntervals)
        {
            smallest = Math.min(smallest, Durations.parseNs(interval));
        }
        return smallest;
    }

    private static String uplotVersion() throws IOException
    {
        try (InputStream in = Dashboard.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/uplot/pom.properties"))
        {
            if (null == in)
            {
                throw new IOException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * @return the page's address.
     */
    public String url()
    {
        final String host = server.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /**
     * @return samples taken so far.
     */
    public long samples()
    {
        return telemetry.samples();
    }

    private void onPage(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getPath();
        switch (path)
        {
            case "/":
            case "/index.html":
                resource(exchange, RESOURCES + "index.html", "text/html; charset=utf-8");
                break;
            case "/dashboard.js":
                resource(exchange, RESOURCES + "dashboard.js", "text/javascript; charset=utf-8");
                break;
            case "/dashboard.css":
                resource(exchange, RESOURCES + "dashboard.css", "text/css; charset=utf-8");
                break;
            default:
                send(exchange, 404, "text/plain", "not found: " + path);
        }
    }

    private void onUplot(final HttpExchange exchange) throws IOException
    {
        final String name = exchange.getRequestURI().getPath().substring("/uplot/".length());
        if ("uPlot.iife.min.js".equals(name))
        {
            resource(exchange, uplotPath + name, "text/javascript; charset=utf-8");
        }
        else if ("uPlot.min.css".equals(name))
        {
            resource(exchange, uplotPath + name, "text/css; charset=utf-8");
        }
        else
        {
            send(exchange, 404, "text/plain", "not found");
        }
    }

    private void onApi(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getPath();
        switch (path)
        {
            case "/api/state":
                send(exchange, 200, "application/json", telemetry.stateJson());
                break;
            case "/api/history":
                send(exchange, 200, "application/json", telemetry.historyJson());
                break;
            case "/api/bars":
                final String query = exchange.getRequestURI().getQuery();
                final int instrument = instrumentParam(query);
                if (instrument < 0)
                {
                    send(exchange, 400, "text/plain", "need ?instrument=N (a non-negative integer)");
                }
                else
                {
                    send(exchange, 200, "application/json", telemetry.barsJson(instrument));
                }
                break;
            default:
                send(exchange, 404, "text/plain", "not found: " + path);
        }
    }

    static int instrumentParam(final String query)
    {
        if (null == query)
        {
            return -1;
        }
        for (final String part : query.split("&"))
        {
            if (part.startsWith("instrument="))
            {
                try
                {
                    return Math.max(-1, Integer.parseInt(part.substring("instrument=".length())));
                }
                catch (final NumberFormatException ex)
                {
                    return -1;
                }
            }
        }
        return -1;
    }

    private void onEvents(final HttpExchange exchange) throws IOException
    {
        if (streams.incrementAndGet() > MAX_STREAMS)
        {
            streams.decrementAndGet();
            send(exchange, 503, "text/plain", "too many event streams");
            return;
        }
        final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(1024);
        final Consumer<String> listener = sample ->
        {
            if (!queue.offer(sample))
            {
                queue.clear(); // a stalled page: drop its backlog rather than grow without bound
            }
        };
        telemetry.addListener(listener);
        try
        {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(("event: state\ndata: " + telemetry.stateJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.write(("event: history\ndata: " + telemetry.historyJson() + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (!closed)
                {
                    final String sample = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                    out.write((null == sample ? ": heartbeat\n\n" : "data: " + sample + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        }
        catch (final IOException ex)
        {
            // The page went away.
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            telemetry.removeListener(listener);
            streams.decrementAndGet();
            exchange.close();
        }
    }

    private static void resource(final HttpExchange exchange, final String name, final String type)
        throws IOException
    {
        try (InputStream in = Dashboard.class.getResourceAsStream(name))
        {
            if (null == in)
            {
                send(exchange, 404, "text/plain", "missing resource " + name);
                return;
            }
            final byte[] body = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final String text)
        throws IOException
    {
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        telemetry.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
