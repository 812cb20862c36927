package dev.ferry.core;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %msg} for the log pattern, escaped: a log line quotes request paths and input names. */
public final class EscapedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Printable.text(super.convert(event));
    }
}
