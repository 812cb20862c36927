package dev.ferry.core.http;

import dev.ferry.core.http.ByteRanges.Partial;
import dev.ferry.core.http.ByteRanges.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ByteRangesTest {
    private static final long SIZE = 1000;

    private static List<Range> partial(String header) {
        return assertInstanceOf(Partial.class, ByteRanges.parse(header, SIZE, 32)).ranges();
    }

    @Test
    void singleOpenEndedAndSuffix() {
        assertEquals(List.of(new Range(0, 99)), partial("bytes=0-99"));
        assertEquals(List.of(new Range(500, 999)), partial("bytes=500-"));
        assertEquals(List.of(new Range(900, 999)), partial("bytes=-100"));
        assertEquals(List.of(new Range(999, 999)), partial("bytes=999-999"));
        assertEquals("bytes 500-999/1000", partial("bytes=500-").get(0).contentRange(SIZE));
    }

    @Test
    void endsAreClampedToTheRepresentation() {
        assertEquals(List.of(new Range(990, 999)), partial("bytes=990-5000"));
        assertEquals(List.of(new Range(0, 999)), partial("bytes=-5000"));
        assertEquals(List.of(new Range(0, 999)), partial("bytes=0-99999999999999999999999"));
    }

    @Test
    void unitIsCaseInsensitiveAndWhitespaceAndEmptyElementsAreTolerated() {
        assertEquals(List.of(new Range(0, 9)), partial("Bytes=0-9"));
        assertEquals(List.of(new Range(0, 9), new Range(20, 29)), partial("bytes= 0-9 , ,20-29"));
    }

    @Test
    void severalRangesAreSortedAndOverlapsMerged() {
        assertEquals(List.of(new Range(0, 9), new Range(100, 199)), partial("bytes=100-199,0-9"));
        assertEquals(List.of(new Range(0, 199)), partial("bytes=0-99,50-199"));
        assertEquals(List.of(new Range(0, 199)), partial("bytes=0-99,100-199")); // adjacent
        assertEquals(List.of(new Range(0, 999)), partial("bytes=0-,0-,0-,0-,0-,0-")); // no amplification
        assertEquals(List.of(new Range(0, 0), new Range(999, 999)), partial("bytes=0-0,-1"));
    }

    @Test
    void unsatisfiableWhenEveryRangeStartsAtOrBeyondTheEnd() {
        assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=1000-", SIZE, 32));
        assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=1000-2000,5000-", SIZE, 32));
        assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=-0", SIZE, 32));
        // one satisfiable range is enough
        assertEquals(List.of(new Range(10, 19)), partial("bytes=5000-,10-19"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes", "bytes=", "bytes=,", "items=0-9", "bytes 0-9", "bytes=a-9", "bytes=0-b", "bytes=9-0",
            "bytes=--5", "bytes=0-9-", "bytes=-", "bytes=0x10-20", "bytes=+5-9", "bytes=0-9,x", "=0-9", "bytes=1.5-2"})
    void malformedHeadersAreIgnored(String header) {
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse(header, SIZE, 32), header);
    }

    @Test
    void moreRangesThanAllowedMeansTheWholeFileAndZeroTurnsRangesOff() {
        String five = "bytes=0-0,2-2,4-4,6-6,8-8";
        assertEquals(5, partial(five).size());
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse(five, SIZE, 4));
        assertInstanceOf(Partial.class, ByteRanges.parse(five, SIZE, 5));
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse("bytes=0-0", SIZE, 0));
    }

    @Test
    void withOneRangeAllowedAResumeIsPartialAndSeveralRangesAreWhole() {
        // what the registry asks for: skopeo and containerd resume a blob with bytes=N-
        assertEquals(List.of(new Range(600, SIZE - 1)),
                assertInstanceOf(Partial.class, ByteRanges.parse("bytes=600-", SIZE, 1)).ranges());
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse("bytes=0-1,5-9", SIZE, 1));
        assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=" + SIZE + "-", SIZE, 1));
    }

    @Test
    void anEmptyRepresentationIsAlwaysSentWhole() {
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse("bytes=0-", 0, 32));
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse("bytes=-5", 0, 32));
    }

    @Test
    void absentHeaderMeansWhole() {
        assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse(null, SIZE, 32));
    }
}
