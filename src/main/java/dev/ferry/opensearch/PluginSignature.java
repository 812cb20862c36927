package dev.ferry.opensearch;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * A plugin's detached OpenPGP signature ({@code .sig}), armored or binary, as OpenSearch publishes
 * it: exactly one signature over the zip's bytes. Verification streams the zip through
 * {@link #update}; like the upstream installer it uses BouncyCastle's low-level API, which does
 * not evaluate key expiry.
 */
public final class PluginSignature {
    public static final String SUFFIX = ".sig";
    public static final int MAX_BYTES = 64 * 1024;

    private final PGPSignature signature;

    private PluginSignature(PGPSignature signature) {
        this.signature = signature;
    }

    /** @throws IllegalArgumentException saying why these bytes are not an acceptable detached signature */
    public static PluginSignature parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new IllegalArgumentException("larger than " + MAX_BYTES + " bytes");
        PGPSignatureList list;
        try {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes)));
            Object first = factory.nextObject();
            if (first instanceof PGPCompressedData compressed) {
                factory = new BcPGPObjectFactory(compressed.getDataStream());
                first = factory.nextObject();
            }
            if (!(first instanceof PGPSignatureList signatures)) {
                throw new IllegalArgumentException("not a detached OpenPGP signature"
                        + (first == null ? " (no OpenPGP packets)" : " (found " + first.getClass().getSimpleName() + ")"));
            }
            list = signatures;
            if (factory.nextObject() != null) throw new IllegalArgumentException("unexpected data after the signature");
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("not a readable OpenPGP signature: " + e.getMessage());
        }
        if (list.size() != 1) throw new IllegalArgumentException("holds " + list.size() + " signatures, expected exactly one");
        PGPSignature sig = list.get(0);
        int type = sig.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new IllegalArgumentException(String.format("signature type 0x%02x is not a document signature", type));
        }
        if (sig.getHashAlgorithm() == HashAlgorithmTags.MD5) throw new IllegalArgumentException("MD5 signatures are not accepted");
        return new PluginSignature(sig);
    }

    /** The issuer identifiers the signature names (key id and, when present, fingerprint). */
    public List<KeyIdentifier> issuers() {
        return signature.getKeyIdentifiers();
    }

    /** The issuer key id as 16 upper-case hex digits, for messages. */
    public String issuerKeyId() {
        List<KeyIdentifier> ids = issuers();
        return ids.isEmpty() ? "(none)" : TrustedKeys.hex(ids.get(0).getKeyId());
    }

    /**
     * Prepares verification with the trusted key that matched the issuer; then feed the zip to
     * {@link #update}. The JDK's own algorithms hash a large zip about twice as fast as
     * BouncyCastle's pure-Java digests; an algorithm the JDK lacks falls back to BouncyCastle.
     */
    public void start(PGPPublicKey key) {
        try {
            signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
        } catch (PGPException | RuntimeException jdkLacksIt) {
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), key);
            } catch (PGPException e) {
                throw new IllegalArgumentException("cannot verify with key " + TrustedKeys.hex(key.getKeyID()) + ": " + e.getMessage());
            }
        }
    }

    public void update(byte[] buf, int off, int len) {
        signature.update(buf, off, len);
    }

    /** True when the bytes fed match the signature. */
    public boolean verify() {
        try {
            return signature.verify();
        } catch (PGPException e) {
            return false;
        }
    }
}
