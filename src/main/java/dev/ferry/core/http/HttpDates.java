package dev.ferry.core.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT";
 * read in all three forms a recipient must accept (IMF-fixdate, RFC 850, asctime).
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> READABLE = List.of(
            IMF_FIXDATE,
            // RFC 850: two-digit years are read as 1970-2069, which covers every date a client can mean here
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US).withZone(ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private HttpDates() {
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The instant an HTTP date names, or empty when the text is not one (such a header is then ignored). */
    public static Optional<Instant> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.trim();
        for (DateTimeFormatter f : READABLE) {
            try {
                return Optional.of(Instant.from(f.parse(t)));
            } catch (DateTimeParseException notThisForm) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
