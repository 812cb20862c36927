package dev.ferry.opensearch;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedKeysTest {

    @Test
    void theShippedPre3KeyParsesAndHoldsTheSigningSubkeyUpstreamNames() throws Exception {
        TrustedKeys keys = TrustedKeys.load(true, List.of());
        TrustedKeys.Match m = keys.find(List.of(new KeyIdentifier(0xC2EE2AF6542C03B4L))).orElseThrow();
        assertEquals("C2EE2AF6542C03B4", m.keyId());
        assertEquals("21873199B1030FCD49DA83F8C2EE2AF6542C03B4",
                HexFormat.of().formatHex(m.key().getFingerprint()).toUpperCase(Locale.ROOT));
        assertFalse(m.key().isMasterKey());
        PGPPublicKey primary = keys.find(List.of(new KeyIdentifier(0x39D319879310D3FCL))).orElseThrow().key();
        assertEquals("C5B7498965EFD1C2924BA9D539D319879310D3FC",
                HexFormat.of().formatHex(primary.getFingerprint()).toUpperCase(Locale.ROOT));
        // this copy's subkey expired in 2022, yet it is what 2.x releases are signed with
        Instant expiry = m.key().getCreationTime().toInstant().plusSeconds(m.key().getValidSeconds());
        assertTrue(m.key().getValidSeconds() > 0 && expiry.isBefore(Instant.parse("2023-01-01T00:00:00Z")), expiry.toString());
        assertTrue(keys.describe().contains("39D319879310D3FC/C2EE2AF6542C03B4"), keys.describe());
    }

    @Test
    void withoutTheBuiltInKeyNothingIsTrusted() throws Exception {
        TrustedKeys none = TrustedKeys.load(false, List.of());
        assertTrue(none.isEmpty());
        assertTrue(none.find(List.of(new KeyIdentifier(0xC2EE2AF6542C03B4L))).isEmpty());
    }
}
