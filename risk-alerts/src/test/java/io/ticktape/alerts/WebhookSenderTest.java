package io.ticktape.alerts;

import com.sun.net.httpserver.HttpServer;
import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ticktape.alerts.RuleLoaderTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks against a real HTTP server in this JVM (com.sun.net.httpserver), and against none.
 */
class WebhookSenderTest
{
    private HttpServer server;

    @AfterEach
    void stop()
    {
        if (null != server)
        {
            server.stop(0);
        }
    }

    @Test
    void shouldPostJsonAndRetryAfterAServerError() throws Exception
    {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange ->
        {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The first call fails: the sender must retry.
            final int status = calls.incrementAndGet() == 1 ? 503 : 204;
            if (status == 204)
            {
                bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        final Counters counters = new Counters();
        try (WebhookSender sender = new WebhookSender(
            List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook")), 16, 3, 10, 2000,
            counters))
        {
            assertThat(sender.offer("{\"alertId\":1}")).isTrue();
            assertThat(sender.offer("{\"alertId\":2}")).isTrue();
            await(() -> counters.value("webhook.sent") == 2);
        }
        assertThat(bodies).containsExactly("application/json {\"alertId\":1}", "application/json {\"alertId\":2}");
        assertThat(counters.value("webhook.retries")).isEqualTo(1);
        assertThat(counters.value("webhook.failed")).isZero();
    }

    @Test
    void shouldRetryThenCountAFailureWhenTheServerIsDownWithoutEverBlockingTheCaller() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        final Counters counters = new Counters();
        try (WebhookSender sender = new WebhookSender(
            List.of(URI.create("http://127.0.0.1:" + port + "/down")), 4, 2, 20, 1000, counters))
        {
            int accepted = 0;
            for (int i = 0; i < 100; i++)
            {
                accepted += sender.offer("{\"alertId\":" + i + "}") ? 1 : 0;
            }
            // 100 offers into a queue of 4 with a dead server: they return at once, the excess dropped and counted.
            assertThat(counters.value("webhook.dropped")).isEqualTo(100 - accepted);
            assertThat(accepted).isGreaterThanOrEqualTo(4).isLessThan(100);
            final int queued = accepted;
            await(() -> counters.value("webhook.failed") == queued);
        }
        assertThat(counters.value("webhook.sent")).isZero();
        assertThat(counters.value("webhook.retries")).isEqualTo(2L * counters.value("webhook.failed"));
    }

}
