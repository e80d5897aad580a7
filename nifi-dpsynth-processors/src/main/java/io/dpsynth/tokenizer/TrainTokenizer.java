package io.dpsynth.tokenizer;

import io.dpsynth.corpus.HeldOutSplit;
import io.dpsynth.corpus.JsonLinesCorpus;
import io.dpsynth.corpus.PublicDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Trains the bundled tokenizer: byte-level BPE on the public corpus minus its held-out part, written as
 * {@code tokenizer.json}. Arguments (all optional, in order): corpus, output, vocabulary size, min frequency.
 * Prints counts and timings only — never corpus text.
 */
public final class TrainTokenizer {

    static final String DEFAULT_CORPUS = "data/demo/public-dedup.jsonl.gz";
    static final String DEFAULT_OUTPUT = "models/dpsynth-gpt2-small/tokenizer.json";

    private TrainTokenizer() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path corpus = Path.of(args.length > 0 ? args[0] : DEFAULT_CORPUS);
        Path output = Path.of(args.length > 1 ? args[1] : DEFAULT_OUTPUT);
        int vocabularySize = args.length > 2 ? Integer.parseInt(args[2]) : BpeTrainer.DEFAULT_VOCABULARY_SIZE;
        int minFrequency = args.length > 3 ? Integer.parseInt(args[3]) : BpeTrainer.DEFAULT_MIN_FREQUENCY;

        long start = System.nanoTime();
        List<PublicDocument> documents = JsonLinesCorpus.read(corpus);
        WordCounts wordCounts = new WordCounts();
        int training = 0;
        for (PublicDocument document : documents) {
            if (!HeldOutSplit.isHeldOut(document.id())) {
                wordCounts.add(document.text());
                training++;
            }
        }
        long counted = System.nanoTime();
        BpeVocabulary vocabulary = new BpeTrainer(vocabularySize, minFrequency).train(wordCounts);
        long trained = System.nanoTime();
        TokenizerJsonWriter.write(vocabulary, output);

        System.out.printf("corpus %s sha256 %s%n", corpus, sha256(corpus));
        System.out.printf("documents %d: training %d, held out %d%n", documents.size(), training, documents.size() - training);
        System.out.printf("training bytes %d, distinct pre-tokenised words %d%n", wordCounts.totalBytes(), wordCounts.distinctWords());
        System.out.printf("vocabulary size %d (256 bytes + %d merged tokens from %d merges + end-of-text), min frequency %d%n",
                vocabulary.size(), vocabulary.tokens().size() - ByteLevelAlphabet.SIZE, vocabulary.merges().size(), minFrequency);
        System.out.printf("read + pre-tokenise + count %.2f s, merges %.2f s, total %.2f s%n",
                (counted - start) / 1e9, (trained - counted) / 1e9, (trained - start) / 1e9);
        System.out.printf("wrote %s (%d bytes)%n", output, Files.size(output));
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
