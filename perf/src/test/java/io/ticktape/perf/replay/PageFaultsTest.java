package io.ticktape.perf.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PageFaultsTest
{
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void shouldCountTheFaultsOfFirstTouchesOfAFreshMappedFile() throws IOException
    {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        final int pages = 2048;
        try (FileChannel channel = FileChannel.open(dir.resolve("sparse"), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            // As an Aeron log: a sparse file, mapped, written page by page.
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long)pages * PAGE);
            final long before = PageFaults.minorOfThisThread();
            for (int page = 0; page < pages; page++)
            {
                mapped.put(page * PAGE, (byte)1);
            }
            final long firstTouches = PageFaults.minorOfThisThread() - before;
            for (int page = 0; page < pages; page++)
            {
                mapped.put(page * PAGE, (byte)2);
            }
            final long secondTouches = PageFaults.minorOfThisThread() - before - firstTouches;

            assertThat(before).isPositive();
            assertThat(firstTouches).isBetween(pages / 2L, pages + 16L);
            assertThat(secondTouches).isLessThan(16);
        }
    }
}
