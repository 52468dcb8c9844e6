package io.ticktape.store.tsql;

import io.ticktape.store.history.JournalHistoryView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code sql} example in docs/tsql.md runs, on the data set the document describes, and returns rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TsqlDocExamplesTest
{
    private static final Path DOC = Path.of("..", "docs", "tsql.md");

    private JournalHistoryView view;

    @BeforeAll
    void setUp() throws Exception
    {
        final Path dir = Files.createTempDirectory("tsql-doc");
        TsqlTestData.generate(dir, 42, 60_000, 90_000_000L);
        view = JournalHistoryView.load(dir, "FAST_DAILY");
    }

    @AfterAll
    void tearDown()
    {
        view.close();
    }

    static List<String> examples() throws Exception
    {
        final List<String> examples = new ArrayList<>();
        StringBuilder current = null;
        for (final String line : Files.readAllLines(DOC, StandardCharsets.UTF_8))
        {
            if (line.equals("```sql"))
            {
                current = new StringBuilder();
            }
            else if (line.equals("```") && null != current)
            {
                examples.add(current.toString().trim());
                current = null;
            }
            else if (null != current)
            {
                current.append(line).append('\n');
            }
        }
        assertThat(examples).as("examples in %s", DOC).hasSizeGreaterThanOrEqualTo(10);
        return examples;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldRunEveryExampleOfTheDocumentWhenGivenItsDataSet(final String example)
    {
        final QueryResult result = new Tsql(view).query(example);
        assertThat(result.rowCount()).as(example).isPositive();
    }
}
