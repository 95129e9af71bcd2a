package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Redactor;

/**
 * The gate's report in the JUnit XML dialect Jenkins' {@code junit} step reads: one testsuite,
 * one testcase per check with its duration; a failed or timed-out check carries a
 * {@code <failure>} with the tail of its output, a skipped one a {@code <skipped>}.
 */
public final class JUnitXml {
    /** Colour codes from cargo/npm would be noise in Jenkins' test page. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    private JUnitXml() {
    }

    public static String render(String suite, List<CheckResult> results, Instant startedAt) {
        long failures = results.stream().filter(r -> r.status() == CheckStatus.FAILED || r.status() == CheckStatus.TIMED_OUT).count();
        long skipped = results.stream().filter(r -> r.status() == CheckStatus.SKIPPED).count();
        Duration total = results.stream().map(CheckResult::duration).reduce(Duration.ZERO, Duration::plus);
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", suite);
            counts(x, results.size(), failures, skipped, total);
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suite);
            counts(x, results.size(), failures, skipped, total);
            x.writeAttribute("timestamp", startedAt.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
            x.writeAttribute("hostname", hostname());
            for (CheckResult r : results) {
                x.writeCharacters("\n    ");
                testcase(x, suite, r);
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** Writes the report atomically (a half-written file would make Jenkins' junit step fail). */
    public static void write(Path file, String xml) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".junit-", ".xml.tmp");
            Files.writeString(tmp, xml, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException("write JUnit report " + file + ": " + e.getMessage()
                    + "; check the directory is writable", e);
        }
    }

    private static void testcase(XMLStreamWriter x, String suite, CheckResult r) throws XMLStreamException {
        boolean empty = r.status() == CheckStatus.PASSED && r.image() == null;
        if (empty) {
            x.writeEmptyElement("testcase");
        } else {
            x.writeStartElement("testcase");
        }
        x.writeAttribute("classname", clean(suite));
        x.writeAttribute("name", clean(r.name()));
        x.writeAttribute("time", seconds(r.duration()));
        if (empty) {
            return;
        }
        if (r.image() != null) {
            // The junit plugin shows a test case's properties; the image is where the check ran.
            x.writeStartElement("properties");
            x.writeEmptyElement("property");
            x.writeAttribute("name", "image");
            x.writeAttribute("value", clean(r.image()));
            x.writeEndElement();
        }
        if (r.status() == CheckStatus.PASSED) {
            x.writeEndElement();
            return;
        }
        String reason = clean(r.reason() == null ? r.status().json() : r.reason());
        if (r.status() == CheckStatus.SKIPPED) {
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", reason);
        } else {
            x.writeStartElement("failure");
            x.writeAttribute("message", reason);
            x.writeAttribute("type", r.status().json());
            x.writeCharacters(clean(String.join("\n", r.tail())));
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    private static void counts(XMLStreamWriter x, int tests, long failures, long skipped, Duration total)
            throws XMLStreamException {
        x.writeAttribute("tests", Integer.toString(tests));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", Long.toString(skipped));
        x.writeAttribute("time", seconds(total));
    }

    /** Drops colour codes and the characters XML 1.0 cannot carry at all; scrubs secrets. */
    static String clean(String text) {
        String s = ANSI.matcher(Redactor.global().scrub(text)).replaceAll("");
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (allowed) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
