package io.ticktape.engine.dashboard;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the Chrome DevTools protocol (its WebSocket, with the JDK's client): navigate,
 * evaluate JavaScript, take screenshots. Just enough for the dashboard test; no other dependency.
 */
final class Chromium implements AutoCloseable
{
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Pattern PAGE_SOCKET =
        Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"");
    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private Chromium(final Process process, final WebSocket socket)
    {
        this.process = process;
        this.socket = socket;
    }

    /**
     * @return the browser binary: $CHROME_BIN, or chromium / chromium-browser / google-chrome on the PATH; null if none.
     */
    static String find()
    {
        final String env = System.getenv("CHROME_BIN");
        if (null != env && new File(env).canExecute())
        {
            return env;
        }
        final String path = System.getenv("PATH");
        for (final String name : new String[]{ "chromium", "chromium-browser", "google-chrome", "chrome" })
        {
            for (final String dir : null == path ? new String[0] : path.split(File.pathSeparator))
            {
                final File file = new File(dir, name);
                if (file.canExecute())
                {
                    return file.getPath();
                }
            }
        }
        return null;
    }

    static Chromium launch(final String binary, final Path profileDir, final int width, final int height)
        throws Exception
    {
        final Process process = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--remote-allow-origins=*", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "--user-data-dir=" + profileDir, "--window-size=" + width + "," + height, "about:blank")
            .redirectErrorStream(true).start();
        final BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final StringBuilder seen = new StringBuilder();
        String browserSocket = null;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (null == browserSocket && System.nanoTime() < deadlineNs)
        {
            final String line = reader.readLine();
            if (null == line)
            {
                break;
            }
            seen.append(line).append('\n');
            final Matcher matcher = LISTENING.matcher(line);
            if (matcher.find())
            {
                browserSocket = matcher.group(1);
            }
        }
        if (null == browserSocket)
        {
            process.destroyForcibly();
            throw new IOException("chromium did not start its DevTools endpoint:\n" + seen);
        }
        final Thread drain = new Thread(() -> drainQuietly(reader), "chromium-output");
        drain.setDaemon(true);
        drain.start();

        final URI browser = URI.create(browserSocket);
        final HttpClient http = HttpClient.newHttpClient();
        final String list = http.send(HttpRequest.newBuilder(
            URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final Matcher page = PAGE_SOCKET.matcher(list);
        if (!page.find())
        {
            process.destroyForcibly();
            throw new IOException("no page target in " + list);
        }
        final Chromium[] self = new Chromium[1];
        final StringBuilder frame = new StringBuilder();
        final WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
            .buildAsync(URI.create(page.group(1)), new WebSocket.Listener()
            {
                @Override
                public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
                {
                    frame.append(data);
                    if (last)
                    {
                        final String message = frame.toString();
                        frame.setLength(0);
                        final Matcher id = ID.matcher(message);
                        if (id.find() && null != self[0])
                        {
                            final CompletableFuture<String> future = self[0].pending.remove(Integer.parseInt(id.group(1)));
                            if (null != future)
                            {
                                future.complete(message);
                            }
                        }
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
        self[0] = new Chromium(process, socket);
        return self[0];
    }

    private static void drainQuietly(final BufferedReader reader)
    {
        try
        {
            while (null != reader.readLine())
            {
                // Chromium's own log: not needed once the endpoint is known.
            }
        }
        catch (final IOException ignore)
        {
            // The process ended.
        }
    }

    /**
     * Send one DevTools command.
     *
     * @param method     e.g. Page.navigate.
     * @param paramsJson its parameters as a JSON object.
     * @return the raw JSON reply.
     */
    String call(final String method, final String paramsJson) throws Exception
    {
        final int id = ids.incrementAndGet();
        final CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true)
            .get(30, TimeUnit.SECONDS);
        return reply.get(60, TimeUnit.SECONDS);
    }

    void navigate(final String url) throws Exception
    {
        call("Page.navigate", "{\"url\":\"" + url + "\"}");
    }

    /**
     * Evaluate an expression that returns a string without quotes or backslashes.
     *
     * @param expression JavaScript.
     * @return its value, or null if it did not return a string.
     */
    String evaluate(final String expression) throws Exception
    {
        final String reply = call("Runtime.evaluate", "{\"expression\":\"" + expression.replace("\\", "\\\\")
            .replace("\"", "\\\"") + "\",\"returnByValue\":true}");
        final Matcher value = Pattern.compile("\"value\":\"([^\"\\\\]*)\"").matcher(reply);
        return value.find() ? value.group(1) : null;
    }

    /**
     * @return a PNG of the page's viewport.
     */
    byte[] screenshot() throws Exception
    {
        final String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        final Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(reply);
        if (!data.find())
        {
            throw new IllegalStateException("no screenshot in " + reply.substring(0, Math.min(200, reply.length())));
        }
        return java.util.Base64.getDecoder().decode(data.group(1));
    }

    @Override
    public void close()
    {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
