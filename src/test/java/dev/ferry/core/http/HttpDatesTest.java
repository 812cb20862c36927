package dev.ferry.core.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpDatesTest {
    private static final Instant T = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void writesImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(T));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(T.plusMillis(900)));
    }

    @Test
    void readsAllThreeForms() {
        assertEquals(Optional.of(T), HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(Optional.of(T), HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(Optional.of(T), HttpDates.parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void refusesWhatIsNotADate() {
        assertEquals(Optional.empty(), HttpDates.parse("06/11/1994"));
        assertEquals(Optional.empty(), HttpDates.parse(""));
        assertEquals(Optional.empty(), HttpDates.parse(null));
        assertEquals(Optional.empty(), HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT")); // wrong weekday
    }
}
