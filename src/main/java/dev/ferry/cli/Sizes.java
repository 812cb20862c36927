package dev.ferry.cli;

/** Human byte counts: 1023 B, 1.5 KiB, 12.0 MiB… */
final class Sizes {
    private Sizes() {
    }

    static String bytes(long n) {
        return dev.ferry.status.Human.bytes(n);
    }
}
