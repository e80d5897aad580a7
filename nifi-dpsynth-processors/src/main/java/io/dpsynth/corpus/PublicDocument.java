package io.dpsynth.corpus;

/** One document of a public training corpus. */
public record PublicDocument(String id, String text) {
}
