package io.ticktape.perf.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's minor page faults so far, from Linux's {@code /proc/thread-self/stat}: each first touch of a
 * page of a mapped file (the journal, an Aeron term) costs one, a kernel entry of a fraction of a microsecond that
 * no profiler of Java code shows. -1 where the file is not there.
 */
final class PageFaults
{
    private static final Path STAT = Path.of("/proc/thread-self/stat");
    private static final int MINFLT_FIELD = 10;

    private PageFaults()
    {
    }

    static long minorOfThisThread()
    {
        try
        {
            final String stat = Files.readString(STAT);
            // Field 2 is the thread's name in parentheses and may hold spaces: count fields after its last ')'.
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[MINFLT_FIELD - 3]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
}
