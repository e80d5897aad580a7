package io.dpsynth.tokenizer;

import java.util.List;

/** A few kilobytes of varied text to train small tokenizers on in tests. */
final class TinyCorpus {

    static final List<String> DOCUMENTS = List.of(
            "Call me Ishmael. Some years ago - never mind how long precisely - having little or no money in my purse, "
                    + "and nothing particular to interest me on shore, I thought I would sail about a little and see the "
                    + "watery part of the world.",
            "Mr. Speaker, Mr. Vice President, members of Congress: the state of our union is strong. We've worked "
                    + "hard, and we'll keep working; they're ready, I'm sure, and it's time.",
            "From: someone@example.org\nSubject: Re: the build is broken again\n\n> it's the 2nd time today!!\n"
                    + "Fixed in r1234 -- please re-run `make test`  (two  spaces)  and report back.\n\n\n",
            "Prices: $12.50, 3,000 units, 42% off, 1999-2002, 0.001 and 1e-9; call 555-0100 now!!!",
            "Unicode: café, naïve, Zürich, Ελληνικά, русский, 日本語のテキスト, 한국어, עברית, العربية.",
            "Emoji 🙂🚀👍🏽 and 👨‍👩‍👧 family; tabs\tand\u00a0non-breaking\u3000spaces; ﬁ ligature.",
            "the theory of the thermal thing: there, then, these, those, though, through, thorough.");

    private TinyCorpus() {
    }

    static WordCounts wordCounts(int repetitions) {
        WordCounts counts = new WordCounts();
        for (int r = 0; r < repetitions; r++) {
            DOCUMENTS.forEach(counts::add);
        }
        return counts;
    }
}
