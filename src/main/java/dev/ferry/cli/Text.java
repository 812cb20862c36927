package dev.ferry.cli;

import dev.ferry.core.Printable;

import java.util.Locale;

/**
 * Human output, one line per call, escaped whole: a line quotes names and values that came from an
 * input (bundle ids, signers, paths, journal reasons), and none of them may start a line, move the
 * cursor or recolour the terminal.
 */
final class Text {
    private Text() {
    }

    static void line(Object line) {
        System.out.println(Printable.text(String.valueOf(line)));
    }

    static void linef(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }

    static void err(Object line) {
        System.err.println(Printable.text(String.valueOf(line)));
    }

    static void errf(String format, Object... args) {
        err(String.format(Locale.ROOT, format, args));
    }
}
