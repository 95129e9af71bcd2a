package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private final List<CheckResult> results = List.of(
            new CheckResult("fmt", CheckStatus.PASSED, Duration.ofMillis(1234), 0, null, List.of("ok")),
            new CheckResult("clippy", CheckStatus.FAILED, Duration.ofMillis(2500), 101, "exited 101",
                    List.of("\u001B[31merror\u001B[0m: unused <T> & \"x\"", "bell\u0007 and nul\u0000 dropped")),
            new CheckResult("test", CheckStatus.TIMED_OUT, Duration.ofSeconds(60), null, "timed out after 1m00s", List.of("hung")),
            CheckResult.skipped("build", "needs clippy, which did not pass"));

    @Test
    void oneTestcasePerCheckWithCountsDurationsFailuresAndSkips() throws Exception {
        Document doc = parse(JUnitXml.render("gate", results, Instant.parse("2026-01-02T03:04:05.678Z")));

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("gate");
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-01-02T03:04:05");

        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element fmt = (Element) cases.item(0);
        assertThat(fmt.getAttribute("classname")).isEqualTo("gate");
        assertThat(fmt.getAttribute("name")).isEqualTo("fmt");
        assertThat(fmt.getAttribute("time")).isEqualTo("1.234");
        assertThat(fmt.getChildNodes().getLength()).isZero();

        Element clippy = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(clippy.getAttribute("message")).isEqualTo("exited 101");
        assertThat(clippy.getAttribute("type")).isEqualTo("failed");
        assertThat(clippy.getTextContent()).isEqualTo("error: unused <T> & \"x\"\nbell and nul dropped");

        Element timeout = (Element) ((Element) cases.item(2)).getElementsByTagName("failure").item(0);
        assertThat(timeout.getAttribute("type")).isEqualTo("timedOut");
        assertThat(timeout.getTextContent()).isEqualTo("hung");

        Element skipped = (Element) ((Element) cases.item(3)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("needs clippy, which did not pass");
    }

    @Test
    void aCheckThatRanInAnImageNamesItAsATestcaseProperty() throws Exception {
        Document doc = parse(JUnitXml.render("gate", List.of(
                new CheckResult("unit", CheckStatus.PASSED, Duration.ofSeconds(1), 0, null, List.of(), "rust:1.80"),
                new CheckResult("lint", CheckStatus.FAILED, Duration.ofSeconds(1), 1, "exited 1", List.of("bad"), "node:20")),
                Instant.now()));

        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < 2; i++) {
            Element property = (Element) ((Element) cases.item(i)).getElementsByTagName("property").item(0);
            assertThat(property.getAttribute("name")).isEqualTo("image");
            assertThat(property.getAttribute("value")).isEqualTo(i == 0 ? "rust:1.80" : "node:20");
        }
        assertThat(((Element) cases.item(1)).getElementsByTagName("failure").item(0).getTextContent()).isEqualTo("bad");
    }

    @Test
    void writesTheReportAtomicallyCreatingParentDirectories(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/ci/gate.xml");
        JUnitXml.write(file, JUnitXml.render("gate", results, Instant.now()));

        assertThat(parse(Files.readString(file)).getElementsByTagName("testcase").getLength()).isEqualTo(4);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }
}
