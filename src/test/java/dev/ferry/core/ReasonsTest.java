package dev.ferry.core;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.zip.ZipException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReasonsTest {
    @Test
    void jdkExceptionsBecomeSentencesNamingTheFile() {
        assertEquals("/in/blobs/sha256/ab: no such file or directory", Reasons.of(new NoSuchFileException("/in/blobs/sha256/ab")));
        assertEquals("/in/x: permission denied", Reasons.of(new AccessDeniedException("/in/x")));
        assertEquals("/in/x: permission denied",
                Reasons.of(new UncheckedIOException(new AccessDeniedException("/in/x"))));
        assertEquals("/in/x: no such file or directory", Reasons.of(new CompletionException(new NoSuchFileException("/in/x"))));
        assertEquals("generation 5 does not exist", Reasons.of(new NoSuchFileException("generation 5 does not exist")));
        assertEquals("unexpected end of data", Reasons.of(new EOFException()));
        assertEquals("damaged zip data: invalid CEN header", Reasons.of(new ZipException("invalid CEN header")));
        assertEquals("boom", Reasons.of(new IOException(new IllegalStateException("boom"))));
        assertEquals("unexpected internal error (run with FERRY_DEBUG=1 for details)", Reasons.of(new NullPointerException()));
        assertEquals("cannot read: gone", Reasons.of(new IOException("cannot read: java.io.IOException: gone")));
    }
}
