package dev.ferry.core;

import java.util.regex.Pattern;

/**
 * The media type grammar Ferry accepts from inputs (RFC 6838 names, RFC 9110 parameters): a media
 * type from a signed manifest becomes a Content-Type header, so anything that could break the
 * header (CR, LF, control or non-ASCII characters) or that no client could parse is refused.
 */
public final class MediaTypeSyntax {
    public static final int MAX_LENGTH = 1024;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
    private static final String TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t \\x21-\\x7E])*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            NAME + "/" + NAME + "(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*");

    private MediaTypeSyntax() {
    }

    /** {@code type/subtype} with optional {@code ;name=value} parameters (token or quoted-string values). */
    public static boolean isValid(String mediaType) {
        return mediaType != null && mediaType.length() <= MAX_LENGTH && MEDIA_TYPE.matcher(mediaType).matches();
    }
}
