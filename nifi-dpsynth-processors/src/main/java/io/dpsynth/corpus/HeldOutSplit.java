package io.dpsynth.corpus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fixed held-out part of a public corpus: documents whose id hashes into one bucket of twenty (5 %).
 * Depends only on the id (first 8 bytes of SHA-256 of its UTF-8, unsigned, mod 20 == 0), so the tokenizer,
 * pre-training and evaluation all hold out the same documents, reproducible outside Java too.
 */
public final class HeldOutSplit {

    private static final int BUCKETS = 20;

    private HeldOutSplit() {
    }

    public static boolean isHeldOut(String documentId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(documentId.getBytes(StandardCharsets.UTF_8));
            return Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), BUCKETS) == 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
