package io.ticktape.replay;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames laid out by the publisher itself must be exactly what Aeron would have written: on the smallest term Aeron
 * allows (64 KiB, half of one block), blocks keep meeting the end of a term, exactly or not, and a subscriber polled
 * from the same thread gets every message, in order, byte for byte, with nothing in between.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FrameBlockPublisherTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=64k";
    private static final int STREAM_ID = 4242;

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;
    private final List<byte[]> received = new ArrayList<>();
    private final FragmentHandler collect = (buffer, offset, length, header) ->
    {
        final byte[] message = new byte[length];
        buffer.getBytes(offset, message);
        received.add(message);
    };

    @BeforeEach
    void start()
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
        publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
        while (!publication.isConnected())
        {
            Thread.yield();
        }
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(subscription, publication, aeron, driver);
    }

    @Test
    void shouldDeliverEveryMessageIntactAcrossTermsWhateverTheirLengths()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 40_000; i++)
        {
            // Mostly tick-sized, sometimes up to the largest payload: frames of every alignment remainder, and now and
            // then one that does not fit in what is left of a term and has to go alone.
            final int length = random.nextInt(10) == 0 ?
                1 + random.nextInt(publication.maxPayloadLength()) : 1 + random.nextInt(120);
            final byte[] message = new byte[length];
            random.nextBytes(message);
            sent.add(message);
        }
        publishAll(new FrameBlockPublisher(publication, FrameBlockPublisher.DEFAULT_BLOCK_BYTES), sent);
        assertReceived(sent);
    }

    @Test
    void shouldRotateWhenABlockFillsATermExactly()
    {
        // 32-byte messages make 64-byte frames: 1,024 of them fill a 64 KiB term to the last byte.
        final List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 10 * 1_024 + 7; i++)
        {
            final byte[] message = new byte[32];
            new UnsafeBuffer(message).putLong(0, i * 31L + 5, ByteOrder.LITTLE_ENDIAN);
            sent.add(message);
        }
        final FrameBlockPublisher publisher = new FrameBlockPublisher(publication, 4 * 1_024);
        publishAll(publisher, sent);
        assertReceived(sent);
        assertThat(publisher.published()).isEqualTo(sent.size());
        assertThat(publication.termId() - publication.initialTermId()).isEqualTo(10);
    }

    @Test
    void shouldKeepABackPressuredBlockValidUntilItGoesOut()
    {
        final FrameBlockPublisher publisher = new FrameBlockPublisher(publication, FrameBlockPublisher.DEFAULT_BLOCK_BYTES);
        final List<byte[]> sent = new ArrayList<>();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
        int backPressured = 0;
        for (int i = 0; i < 5_000; i++)
        {
            message.putInt(0, i, ByteOrder.LITTLE_ENDIAN);
            while (publisher.append(message, 0, message.capacity()) < 0)
            {
                // Do not poll until the publication refuses: the window (half a term) fills up first.
                while (publisher.flush() < 0)
                {
                    backPressured++;
                    subscription.poll(collect, 64);
                }
            }
            sent.add(message.byteArray().clone());
        }
        while (publisher.flush() < 0)
        {
            subscription.poll(collect, 64);
        }
        drain(sent.size());
        assertThat(backPressured).isPositive();
        assertReceived(sent);
    }

    private void publishAll(final FrameBlockPublisher publisher, final List<byte[]> messages)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        for (final byte[] message : messages)
        {
            buffer.wrap(message);
            while (publisher.append(buffer, 0, message.length) < 0)
            {
                while (publisher.flush() < 0)
                {
                    subscription.poll(collect, 1_000);
                }
            }
            assertThat(publisher.freeBytes()).isLessThanOrEqualTo(FrameBlockPublisher.DEFAULT_BLOCK_BYTES);
        }
        while (publisher.flush() < 0)
        {
            subscription.poll(collect, 1_000);
        }
        drain(messages.size());
    }

    private void drain(final int expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.size() < expected && System.nanoTime() < deadlineNs)
        {
            if (0 == subscription.poll(collect, 1_000))
            {
                Thread.yield();
            }
        }
    }

    private void assertReceived(final List<byte[]> sent)
    {
        assertThat(received).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++)
        {
            assertThat(received.get(i)).as("message %d", i).isEqualTo(sent.get(i));
        }
    }
}
