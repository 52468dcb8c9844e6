import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Build step of the cme-mdp3 profile, run as a single-file program ({@code java MergeServiceFiles.java}): writes
 * the union of the providers listed in several {@code META-INF/services} files to one, in order, without
 * duplicates. Needed because the module's main resources and src/mdp3/resources both register FeedFormats and a
 * resource copy would replace one list with the other.
 * <p>
 * Usage: {@code java MergeServiceFiles.java DEST SOURCE...}; missing sources are skipped.
 */
public final class MergeServiceFiles
{
    private MergeServiceFiles()
    {
    }

    /**
     * @param args the destination, then the source files.
     * @throws IOException if a source cannot be read or the destination written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 2)
        {
            throw new IllegalArgumentException("usage: MergeServiceFiles DEST SOURCE...");
        }
        final Set<String> providers = new LinkedHashSet<>();
        for (int i = 1; i < args.length; i++)
        {
            final Path source = Path.of(args[i]);
            if (Files.isRegularFile(source))
            {
                for (final String line : Files.readAllLines(source, StandardCharsets.UTF_8))
                {
                    final int comment = line.indexOf('#');
                    final String provider = (comment >= 0 ? line.substring(0, comment) : line).strip();
                    if (!provider.isEmpty())
                    {
                        providers.add(provider);
                    }
                }
            }
        }
        final Path dest = Path.of(args[0]);
        Files.createDirectories(dest.getParent());
        Files.write(dest, providers, StandardCharsets.UTF_8);
    }
}
