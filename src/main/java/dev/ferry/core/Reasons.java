package dev.ferry.core;

import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.zip.ZipException;

/**
 * A sentence for an exception that reaches an operator. Most of Ferry's own exceptions already
 * are one; the JDK's and libraries' often are not: a {@link NoSuchFileException}'s message is a
 * bare path, an {@link EOFException}'s is empty, a wrapper's is its cause's class name. The
 * sentence never names a Java type.
 */
public final class Reasons {
    private static final String JAVA_TYPE = "\\b(?:java|javax|com|org|io|dev|sun|jdk)\\.[A-Za-z0-9_$.]*[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*";

    private Reasons() {
    }

    public static String of(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof FileSystemException f) return fileSystem(f);
        if (t instanceof EOFException) return readable(t.getMessage(), "unexpected end of data");
        if (t instanceof ZipException) return "damaged zip data: " + readable(t.getMessage(), "unreadable");
        if (t instanceof OutOfMemoryError) return "not enough memory";
        if (t instanceof StackOverflowError) return "input nested too deeply";
        return readable(t.getMessage(), "unexpected internal error (run with FERRY_DEBUG=1 for details)");
    }

    /** {@code message} without embedded Java type names; {@code fallback} when nothing readable is left. */
    public static String readable(String message, String fallback) {
        if (message == null) return fallback;
        String m = message.replaceAll(JAVA_TYPE, "").trim();
        return m.isEmpty() ? fallback : m;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof java.io.UncheckedIOException || t.getMessage() == null
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t;
    }

    private static String fileSystem(FileSystemException f) {
        String file = f.getFile() == null ? "" : f.getFile();
        if (f.getOtherFile() != null) file = file + " -> " + f.getOtherFile();
        String what;
        if (f instanceof NoSuchFileException) what = "no such file or directory";
        else if (f instanceof AccessDeniedException) what = "permission denied";
        else if (f instanceof FileAlreadyExistsException) what = "already exists";
        else if (f instanceof NotDirectoryException) what = "not a directory";
        else if (f instanceof DirectoryNotEmptyException) what = "directory not empty";
        else if (f instanceof NotLinkException) what = "not a symbolic link";
        else what = "file system error";
        if (f.getReason() != null) what = f.getReason();
        // some callers put a sentence where the file goes ("generation 5 does not exist")
        if (f.getReason() == null && file.contains(" ") && !file.contains("/")) return file;
        return file.isEmpty() ? what : file + ": " + what;
    }
}
