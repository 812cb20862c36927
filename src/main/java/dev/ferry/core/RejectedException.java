package dev.ferry.core;

import dev.ferry.core.Printable;

import java.io.IOException;

/**
 * Input refused as untrustworthy or malformed. Always names the entry (file, tar entry, path,
 * digest…) and the reason, so an operator can act on the message alone; both are escaped
 * ({@link Printable}), since either may quote the input.
 */
public class RejectedException extends IOException {
    private final String entry;
    private final String reason;

    public RejectedException(String entry, String reason) {
        super(Printable.of(entry) + ": " + Printable.text(reason));
        this.entry = entry;
        this.reason = reason;
    }

    public RejectedException(String entry, String reason, Throwable cause) {
        super(Printable.of(entry) + ": " + Printable.text(reason), cause);
        this.entry = entry;
        this.reason = reason;
    }

    public String entry() {
        return entry;
    }

    public String reason() {
        return reason;
    }
}
