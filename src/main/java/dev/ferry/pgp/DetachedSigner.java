package dev.ferry.pgp;

import java.io.IOException;

/** Makes binary detached OpenPGP signatures: with a Ferry key file, or by running gpg (smartcards, agents). */
public interface DetachedSigner {

    /** A binary detached signature over exactly {@code data}. */
    byte[] sign(byte[] data) throws IOException;

    /** For messages: which key signs, e.g. "key file /keys/release.key (F00D…)". */
    String describe();
}
