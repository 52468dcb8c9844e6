package io.ticktape.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags that Agrona and Chronicle need on Java 17+, as defined once in the root POM and filtered into
 * {@code io/ticktape/jvm.args}. Launchers and benchmark forks read them from here.
 */
public final class JvmFlags
{
    private static final String RESOURCE = "/io/ticktape/jvm.args";

    private JvmFlags()
    {
    }

    /**
     * The flags, one per element.
     *
     * @return the flags, never empty in a built jar.
     */
    public static List<String> flags()
    {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.asList(text.split("\\s+"));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + RESOURCE, ex);
        }
    }
}
