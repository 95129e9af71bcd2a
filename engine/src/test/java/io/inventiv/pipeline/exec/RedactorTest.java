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

    @Test
    void masksAControlCharacterInEachJsonSpellingWritersUse() {
        String secret = "ctl\bsecret\u001bx";
        Redactor r = new Redactor().add(secret);

        assertThat(r.scrub("\"ctl\\bsecret\\u001Bx\"")).as("Jackson's").isEqualTo("\"****\"");
        assertThat(r.scrub("\"ctl\\u0008secret\\u001bx\"")).isEqualTo("\"****\"");
        assertThat(r.scrub("\"ctl\\bsecret\\u001bx\"")).isEqualTo("\"****\"");
        assertThat(r.scrub("\"ctl\\u0008secret\\u001Bx\"")).isEqualTo("\"****\"");
    }

    @Test
    void masksBase64AtEveryAlignmentWithinALongerEncodedText() {
        String secret = "S3cr3t-Value-42";
        Redactor r = new Redactor().add(secret);
        for (String around : new String[] {"", "u", "us", "user:", "x\n"}) {
            for (String after : new String[] {"", "\n", "ab"}) {
                byte[] bytes = (around + secret + after).getBytes(StandardCharsets.UTF_8);
                for (Base64.Encoder enc : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
                    String encoded = enc.encodeToString(bytes);
                    String scrubbed = r.scrub("auth=" + encoded);
                    assertThat(scrubbed).as(around + "|" + after).contains("****");
                    String left = scrubbed.replace("auth=", "").replace("****", "\u0000");
                    // what is left are the letters of the text around the secret, and one letter each side it shares
                    int allowed = (Math.max(around.length(), after.length()) * 8 + 5) / 6 + 1;
                    for (String part : left.replace("=", "").split("\u0000")) {
                        assertThat(part.length()).as("unmasked letters of " + encoded).isLessThanOrEqualTo(allowed);
                    }
                }
            }
        }
    }

    @Test
    void leavesDigestsAndWordsAloneForAShortSecret() {
        Redactor r = new Redactor().add("wxyz");
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        assertThat(r.scrub(digest)).isEqualTo(digest);
        assertThat(r.scrub("ci-bot pushed eHl6")).isEqualTo("ci-bot pushed eHl6");
    }
}
