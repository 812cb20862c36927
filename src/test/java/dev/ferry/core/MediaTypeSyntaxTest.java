package dev.ferry.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaTypeSyntaxTest {
    @Test
    void acceptsRfc6838NamesWithTokenOrQuotedParameters() {
        for (String ok : new String[]{"text/plain", "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip", "text/plain; charset=utf-8", "text/plain;charset=UTF-8;format=flowed",
                "multipart/mixed; boundary=\"a b\\\"c\"", "application/x-www-form-urlencoded", "a/b"}) {
            assertTrue(MediaTypeSyntax.isValid(ok), ok);
        }
    }

    @Test
    void refusesWhatCouldBreakAHeaderOrThatNoClientParses() {
        for (String bad : new String[]{null, "", "text", "text/", "/plain", "text/plain\r\nX-Evil: 1", "text/plain\n", "text/pl\u0001ain",
                "text/pl ain", "text /plain", "text/plain; charset", "text/plain; =utf-8", "text/plain; charset=", "text/plain;a=\"open",
                "text/plain; a=b c", ".text/plain", "text/plain/x", "text/pl\u00e4in", "text/plain; a=\"\u0007\"", "x/" + "y".repeat(2000)}) {
            assertFalse(MediaTypeSyntax.isValid(bad), String.valueOf(bad));
        }
    }
}
