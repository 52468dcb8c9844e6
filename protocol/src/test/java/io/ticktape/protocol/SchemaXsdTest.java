package io.ticktape.protocol;

import org.junit.jupiter.api.Test;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sbe-tool prints XSD violations of the schema but still generates codecs, so a broken schema (a comment that lost
 * its opening in a merge, text between messages) would build; this test makes the build fail instead.
 */
class SchemaXsdTest
{
    @Test
    void shouldValidateAgainstSbeXsdWithoutErrorsOrWarnings() throws Exception
    {
        // Unpacked from the sbe-tool jar by the build (protocol/pom.xml), the same file sbe-tool validates with.
        final Path xsd = Path.of("target", "sbe-xsd", "fpl", "sbe.xsd");
        final SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        final Validator validator = factory.newSchema(xsd.toFile()).newValidator();
        final List<String> problems = new ArrayList<>();
        validator.setErrorHandler(new ErrorHandler()
        {
            public void warning(final SAXParseException ex)
            {
                problems.add("warning " + describe(ex));
            }

            public void error(final SAXParseException ex)
            {
                problems.add("error " + describe(ex));
            }

            public void fatalError(final SAXParseException ex)
            {
                problems.add("fatal " + describe(ex));
            }
        });
        try (InputStream schema = SchemaXsdTest.class.getResourceAsStream("/io/ticktape/protocol/ticktape-schema.xml"))
        {
            assertThat(schema).as("schema resource").isNotNull();
            validator.validate(new StreamSource(schema));
        }
        assertThat(problems).as("XSD problems in ticktape-schema.xml").isEmpty();
    }

    private static String describe(final SAXParseException ex)
    {
        return "line " + ex.getLineNumber() + ", col " + ex.getColumnNumber() + ": " + ex.getMessage();
    }
}
