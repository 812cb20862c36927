package dev.ferry.http;

import dev.ferry.serving.RequestPaths;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathEncodingTest {

    @Test
    void encodedPathsDecodeBackToTheSameCatalogPath() throws Exception {
        for (String path : new String[]{"7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko",
                "a b/c%d/e?f#g", "caf\u00e9/\u00fc", "x/javascript:y", "q/\"<'>&"}) {
            assertEquals(path, RequestPaths.decode(PathEncoding.absolute(path, false)).path().value(), path);
        }
    }

    @Test
    void absolutePathsHaveExactlyOneLeadingSlash() {
        assertEquals("/", PathEncoding.absolute("", true));
        assertEquals("/evil.com/", PathEncoding.absolute("evil.com", true));
        assertEquals("/a/b%252Fc/", PathEncoding.absolute("a/b%2Fc", true));
        assertEquals("/a/b", PathEncoding.absolute("a/b", false));
    }

    @Test
    void htmlEscapesMarkupCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", PathEncoding.html("<a href=\"x\">&'"));
    }
}
