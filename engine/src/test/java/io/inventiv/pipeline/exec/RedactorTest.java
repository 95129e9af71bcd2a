package io.inventiv.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksRawValueAndTheFormsToolsPrintItIn() {
        String secret = "p@ss 'w\"ord/1+";
        Redactor r = new Redactor().add(secret);
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));

        assertThat(r.scrub("token=" + secret)).isEqualTo("token=****");
        assertThat(r.scrub("{\"p\":\"p@ss 'w\\\"ord/1+\"}")).doesNotContain("w\\\"ord");
        assertThat(r.scrub("auth " + b64)).isEqualTo("auth ****");
        assertThat(r.scrub("u=p%40ss+%27w%22ord%2F1%2B")).isEqualTo("u=****");
        assertThat(r.scrub("'p@ss '\\''w\"ord/1+'")).doesNotContain("ord/1+");
    }

    @Test
    void masksLongestFirstSoAnOverlappingSecretLeavesNoTail() {
        Redactor r = new Redactor().add("abcd").add("abcdefgh");
        assertThat(r.scrub("x abcdefgh y")).isEqualTo("x **** y");
    }

    @Test
    void masksEachLineOfAMultiLineKey() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        Redactor r = new Redactor().add(key);
        assertThat(r.scrub("line: b3BlbnNzaC1rZXktdjEAAAAA")).isEqualTo("line: ****");
    }

    @Test
    void ignoresValuesTooShortToMaskSafely() {
        Redactor r = new Redactor().add("ab").add("").add(null);
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.scrub("ab cd")).isEqualTo("ab cd");
    }
}
