package dev.ferry.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrintableTest {

    @Test
    void plainTextIsUnchanged() {
        assertEquals("driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1~x.ko", Printable.of("driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1~x.ko"));
        assertEquals("naïve 日本 😀", Printable.of("naïve 日本 😀"));
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("a\\x1b[32mb\\x0d\\x0a\\x00\\x7f\\x9b", Printable.of("a\u001b[32mb\r\n\u0000\u007f\u009b"));
    }

    @Test
    void bidiControlsAndLoneSurrogatesAreEscaped() {
        assertEquals("evil\\x{202e}txt.exe", Printable.of("evil\u202etxt.exe"));
        assertEquals("x\\x{d800}y", Printable.of("x\ud800y"));
        assertEquals("\\x{2066}", Printable.of("\u2066"));
    }

    @Test
    void namesAreCutButMessagesAreNot() {
        String longName = "n".repeat(1000);
        String shown = Printable.of(longName);
        assertTrue(shown.startsWith("n".repeat(Printable.MAX_CHARS)));
        assertTrue(shown.endsWith("…(1000 characters)"), shown);
        assertEquals(longName, Printable.text(longName));
    }

    @Test
    void safetyCheckAgreesWithTheEscaper() {
        assertTrue(Printable.isSafe("ok"));
        assertFalse(Printable.isSafe("no\u001b"));
        assertEquals("", Printable.of(null));
    }
}
