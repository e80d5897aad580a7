package io.dpsynth.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deterministic sensitive set and a public set with planted overlaps of every kind the issue
 * names, each labelled with the kind a correct dedup must report. Text is drawn from a Zipf-like
 * pseudo-word vocabulary so that frequent words repeat as in real language, and every document
 * carries stock phrases shared across the whole corpus (the "common phrases" true negatives share).
 */
public final class PlantedCorpus {

    public static final String[] COMMON_PHRASES = {
        "please let me know if you have any questions",
        "thank you for your time and consideration",
        "to unsubscribe from this list send an email",
        "best regards and have a nice day",
    };

    /** A public document and the answer dedup should give for it. */
    public record Planted(String name, String text, OverlapKind expected) {
    }

    public final List<String> sensitive = new ArrayList<>();
    public final List<Planted> publicDocs = new ArrayList<>();
    private final Random random;
    private final String[] vocabulary;

    public PlantedCorpus(long seed, int sensitiveDocs) {
        random = new Random(seed);
        vocabulary = vocabulary(4000);
        for (int i = 0; i < sensitiveDocs; i++) {
            sensitive.add(String.join(" ", sensitiveWords(200)));
        }
        for (int i = 0; i < sensitiveDocs; i++) {
            List<String> words = words(sensitive.get(i));
            publicDocs.add(new Planted("verbatim-" + i, sensitive.get(i), OverlapKind.EXACT));
            publicDocs.add(new Planted("quote60-" + i, quoteInside(words, 60), OverlapKind.EXACT));
            publicDocs.add(new Planted("reformatted-" + i, reformat(words), OverlapKind.EXACT));
            publicDocs.add(new Planted("edited-" + i, lightlyEdit(words), OverlapKind.NEAR_DUPLICATE));
            publicDocs.add(new Planted("negative-" + i, commonPhrasesOnly(words), OverlapKind.NONE));
            publicDocs.add(new Planted("unrelated-" + i, String.join(" ", sensitiveWords(250)), OverlapKind.NONE));
        }
    }

    public static List<String> words(String text) {
        return List.of(text.split(" "));
    }

    /** A fresh public text of {@code length} words with {@code quote} consecutive words of a sensitive one inside. */
    private String quoteInside(List<String> sensitiveWords, int quote) {
        int from = random.nextInt(sensitiveWords.size() - quote);
        List<String> out = new ArrayList<>(randomWords(150));
        out.addAll(sensitiveWords.subList(from, from + quote));
        out.addAll(randomWords(150));
        return String.join(" ", out);
    }

    /** Same words, re-cased, re-punctuated and re-wrapped as an e-mail quote. */
    private static String reformat(List<String> words) {
        StringBuilder out = new StringBuilder("> ");
        for (int i = 0; i < words.size(); i++) {
            out.append(words.get(i).toUpperCase(Locale.ROOT));
            out.append(i % 9 == 8 ? ".\n> " : (i % 4 == 3 ? ",  " : " "));
        }
        return out.toString();
    }

    /**
     * A new greeting and sign-off plus one substituted word every 45 words: no run of 50 words
     * survives, so only the near-duplicate search can find it.
     */
    private String lightlyEdit(List<String> words) {
        List<String> out = new ArrayList<>(words);
        out.set(0, "hello");
        out.set(1, "friends");
        for (int i = 45; i < out.size() - 2; i += 45) {
            out.set(i, "edited" + random.nextInt(1000));
        }
        out.set(out.size() - 1, "cheers");
        out.set(out.size() - 2, "thanks");
        return String.join(" ", out);
    }

    /** Unrelated text with the stock phrases and one 30-word run of a sensitive record (below the window). */
    private String commonPhrasesOnly(List<String> sensitiveWords) {
        List<String> out = new ArrayList<>(randomWords(80));
        for (String phrase : COMMON_PHRASES) {
            out.addAll(words(phrase));
            out.addAll(randomWords(20));
        }
        out.addAll(sensitiveWords.subList(100, 130));
        out.addAll(randomWords(40));
        return String.join(" ", out);
    }

    private List<String> sensitiveWords(int length) {
        List<String> out = new ArrayList<>(randomWords(length / 2));
        out.addAll(words(COMMON_PHRASES[random.nextInt(COMMON_PHRASES.length)]));
        out.addAll(randomWords(length - out.size()));
        return out;
    }

    private List<String> randomWords(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Zipf-like: the index is skewed towards the front of the vocabulary.
            double u = random.nextDouble();
            out.add(vocabulary[(int) (Math.pow(vocabulary.length, u)) - 1]);
        }
        return out;
    }

    private static String[] vocabulary(int size) {
        Random words = new Random(7);
        String[] vocabulary = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder word = new StringBuilder();
            int length = 2 + words.nextInt(7);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + words.nextInt(26)));
            }
            vocabulary[i] = word.toString();
        }
        return vocabulary;
    }
}
