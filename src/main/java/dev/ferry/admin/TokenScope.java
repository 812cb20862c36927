package dev.ferry.admin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a token may do; each admin route needs exactly one scope. */
public enum TokenScope {
    /** GET /api/v1/imports, and every read route when reads are protected */
    READ,
    /** POST /api/v1/imports */
    IMPORT,
    /** POST /api/v1/rollback */
    ROLLBACK;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TokenScope parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + s + "' (known: read, import, rollback)");
        }
    }
}
