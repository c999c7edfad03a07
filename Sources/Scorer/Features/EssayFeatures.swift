import Foundation
import Practice

/// Every measure the scorer reads from one answer, computed once: the same code writes the
/// training table (`bandup feedback features`) and scores a learner's essay, so the two cannot
/// drift. Rates are per 100 words or per sentence so that a long essay is not rewarded twice.
public struct EssayFeatures: Sendable {
    public let task: FeedbackTask
    public let text: TextMeasures
    /// The measures by name, in `EssayFeatures.names` order.
    public let values: [String: Double]
    /// The words Hunspell does not know (names and the prompt's own words excepted).
    public let misspelt: [String]
    public let slips: [GrammarSlip]
    /// How the words run together, by the language model (empty without it).
    public let sequenceFit: SequenceFit
    public let topic: TopicMatch

    /// The measures a model may read, in a fixed order.
    public static let names: [String] = [
        "words", "log_words", "length_ratio", "under_minimum", "paragraphs", "paragraphs_ok",
        "sentences", "mean_sentence_length", "sentence_length_sd", "long_sentence_share", "short_sentence_share",
        "misspelt_per_100", "slips_per_100", "agreement_per_100", "article_per_100", "lowercase_starts", "commas_per_sentence",
        "lm_unknown_share", "lm_context_gain", "lm_worse_share", "lm_misfit_share", "lm_fit_share",
        "mtld", "mean_word_length", "long_word_share", "mean_zipf", "rare_word_share", "very_rare_share", "academic_share", "academic_families",
        "type_count", "top_word_share",
        "subordinators_per_sentence", "relatives_per_sentence", "complex_sentence_share", "passives_per_100", "modals_per_100",
        "devices_per_100", "device_functions", "device_overuse", "device_starts_share", "pronouns_per_100",
        "prompt_coverage", "prompt_share", "off_topic",
        "opinion", "conclusion", "contrast", "examples", "figures_per_100", "overview", "letter_greeting", "letter_signoff",
        "is_task1",
    ]

    public init(task: FeedbackTask, prompt: String, essay: String, keywords: [String] = [], speller: Speller? = Speller.shared,
                sequences: WordSequences? = WordSequences.shared) {
        let text = TextMeasures(essay)
        self.task = task
        self.text = text
        let tokens = text.tokens
        let words = Double(max(1, text.wordCount))
        let sentences = Double(max(1, text.sentenceSpans.count))
        let lower = text.words
        var v: [String: Double] = [:]

        // Length and paragraphs.
        let minimum = Double(max(1, task.minimumWords))
        v["words"] = Double(text.wordCount)
        v["log_words"] = log(Double(text.wordCount) + 1)
        v["length_ratio"] = min(2, Double(text.wordCount) / minimum)
        v["under_minimum"] = max(0, 1 - Double(text.wordCount) / minimum)
        v["paragraphs"] = Double(text.paragraphs)
        v["paragraphs_ok"] = text.paragraphs >= (task == .task2 ? 4 : 3) ? 1 : text.paragraphs >= 2 ? 0.5 : 0

        // Sentences.
        let lengths = text.sentenceSpans.map { Double($0.tokens.count) }
        v["sentences"] = Double(lengths.count)
        v["mean_sentence_length"] = text.meanSentenceLength
        v["sentence_length_sd"] = text.sentenceLengthSpread
        v["long_sentence_share"] = Double(lengths.filter { $0 > 35 }.count) / sentences
        v["short_sentence_share"] = Double(lengths.filter { $0 < 8 }.count) / sentences

        // Accuracy.
        let known = Self.knownWords(prompt: prompt, keywords: keywords, text: text)
        var misspelt: [String] = []
        if let speller {
            for token in tokens where !token.isNumber && !known.contains(token.word) && !speller.isSpelled(token.text) {
                misspelt.append(token.word)
            }
        }
        self.misspelt = misspelt
        let slips = GrammarCheck.slips(in: text)
        self.slips = slips
        v["misspelt_per_100"] = Double(misspelt.count) * 100 / words
        v["slips_per_100"] = Double(slips.count) * 100 / words
        v["agreement_per_100"] = Double(slips.filter { $0.kind == .agreement || $0.kind == .verbForm }.count) * 100 / words
        v["article_per_100"] = Double(slips.filter { $0.kind == .article }.count) * 100 / words
        v["lowercase_starts"] = Double(text.sentenceSpans.filter { tokens[$0.tokens.lowerBound].text.first?.isLowercase == true }.count) / sentences
        v["commas_per_sentence"] = Double(text.source.reduce(0) { $0 + ($1 == "," ? 1 : 0) }) / sentences

        // How the words run together (all 0 without the language model).
        let fit = sequences?.fit(text.sentenceSpans.map { span in
            span.tokens.map { tokens[$0] }.filter { !$0.isNumber && $0.word.contains(where: \.isWordLetter) }.map(\.word)
        }) ?? SequenceFit()
        self.sequenceFit = fit
        v["lm_unknown_share"] = fit.unknownShare
        v["lm_context_gain"] = fit.meanGain
        v["lm_worse_share"] = fit.worseShare
        v["lm_misfit_share"] = fit.misfitShare
        v["lm_fit_share"] = fit.fitShare

        // Vocabulary.
        let content = lower.filter { !WordClasses.function.contains($0) && $0.first?.isWordLetter == true }
        let contentCount = Double(max(1, content.count))
        let zipfs = content.map { WordFrequency.of($0) }
        v["mtld"] = text.mtld
        v["mean_word_length"] = Double(lower.reduce(0) { $0 + $1.count }) / words
        v["long_word_share"] = Double(lower.filter { $0.count >= 8 }.count) / words
        v["mean_zipf"] = zipfs.isEmpty ? 0 : zipfs.reduce(0, +) / Double(zipfs.count)
        v["rare_word_share"] = Double(zipfs.filter { $0 > 0 && $0 < 4 }.count) / contentCount
        v["very_rare_share"] = Double(zipfs.filter { $0 > 0 && $0 < 3.3 }.count) / contentCount
        let academic = content.compactMap { AcademicWords.sublist(of: $0) != nil ? AcademicWords.stem($0) : nil }
        v["academic_share"] = Double(academic.count) / words
        v["academic_families"] = Double(Set(academic).count)
        v["type_count"] = Double(Set(lower).count)
        var counts: [String: Int] = [:]
        for word in content where word.count >= 4 { counts[Lemmas.lemma(word), default: 0] += 1 }
        v["top_word_share"] = Double(counts.values.max() ?? 0) / words

        // Sentence structure.
        v["subordinators_per_sentence"] = Double(lower.filter { WordClasses.subordinators.contains($0) }.count) / sentences
        v["relatives_per_sentence"] = Double(lower.filter { WordClasses.relatives.contains($0) }.count) / sentences
        v["complex_sentence_share"] = Double(text.sentenceSpans.filter { span in
            span.tokens.contains { WordClasses.subordinators.contains(lower[$0]) || WordClasses.relatives.contains(lower[$0]) }
        }.count) / sentences
        v["passives_per_100"] = Double(zip(lower, lower.dropFirst()).filter { WordClasses.be.contains($0.0) && ($0.1.hasSuffix("ed") || WordClasses.irregularParticiples.contains($0.1)) }.count) * 100 / words
        v["modals_per_100"] = Double(lower.filter { WordClasses.modals.contains($0) }.count) * 100 / words

        // Cohesion.
        let devices = CohesiveDevices.find(in: text)
        v["devices_per_100"] = Double(devices.count) * 100 / words
        v["device_functions"] = Double(Set(devices.map(\.function)).count)
        var byPhrase: [String: Int] = [:]
        for device in devices { byPhrase[device.phrase, default: 0] += 1 }
        v["device_overuse"] = Double(byPhrase.values.map { max(0, $0 - 2) }.reduce(0, +))
        v["device_starts_share"] = Double(Set(devices.filter { text.sentenceSpans[tokens[$0.tokens.lowerBound].sentence].tokens.lowerBound == $0.tokens.lowerBound }
            .map { tokens[$0.tokens.lowerBound].sentence }).count) / sentences
        v["pronouns_per_100"] = Double(lower.filter { ["it", "this", "they", "these", "such", "its", "their", "them"].contains($0) }.count) * 100 / words

        // Relevance.
        let topic = TopicMatch(prompt: prompt, keywords: keywords, text: text)
        self.topic = topic
        v["prompt_coverage"] = topic.coverage
        v["prompt_share"] = topic.share
        v["off_topic"] = topic.isOffTopic ? 1 : 0

        // What the task asks for.
        let has = { (function: String) in devices.contains { $0.function == function } }
        v["opinion"] = has("opinion") ? 1 : 0
        v["conclusion"] = has("concluding") || (text.paragraphs >= 3 && lower.contains("overall")) ? 1 : 0
        v["contrast"] = Double(devices.filter { $0.function == "contrasting" }.count) * 100 / words
        v["examples"] = has("examples") ? 1 : 0
        v["figures_per_100"] = Double(tokens.filter(\.isNumber).count) * 100 / words
        v["overview"] = lower.contains("overall") || CohesiveDevices.contains(["in", "general"], in: lower) ? 1 : 0
        v["letter_greeting"] = lower.first == "dear" || lower.prefix(3).contains("dear") ? 1 : 0
        let ending = lower.suffix(8)
        v["letter_signoff"] = ["faithfully", "sincerely", "regards", "wishes", "love"].contains(where: ending.contains) ? 1 : 0
        v["is_task1"] = task == .task2 ? 0 : 1
        values = v
    }

    /// The measures in `EssayFeatures.names` order.
    public var vector: [Double] { Self.names.map { values[$0] ?? 0 } }

    /// Words never called misspelt in this answer: the prompt's own words (place names such as
    /// Northbridge) and names in the answer (capitalised words that do not start a sentence).
    static func knownWords(prompt: String, keywords: [String], text: TextMeasures) -> Set<String> {
        var known = Set(TextMeasures.words(in: prompt + " " + keywords.joined(separator: " ")))
        for span in text.sentenceSpans {
            for index in span.tokens.dropFirst() where text.tokens[index].isCapitalised { known.insert(text.tokens[index].word) }
        }
        return known
    }
}
