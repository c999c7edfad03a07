import CPocketSphinx
import Foundation
import Synchronization

/// How English usually strings words together: the trigram language model of CMU's US English
/// speech model (Debian's `pocketsphinx-en-us`, read through sphinxbase). For each word of an
/// answer it compares how likely the word is after the two before it with how likely it is on its
/// own: "the students who pay" fits its context better than "the student who pay". The model's
/// scoring keeps a cache, so calls are serialised (an essay takes well under a millisecond).
public final class WordSequences: Sendable {
    /// Where Debian puts the model (`POCKETSPHINX_LM` overrides it).
    public static let path = ProcessInfo.processInfo.environment["POCKETSPHINX_LM"] ?? "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"

    /// The model, or nil when `pocketsphinx-en-us` is not installed.
    public static let shared: WordSequences? = WordSequences(path: path)

    struct Handles: @unchecked Sendable {
        let model: OpaquePointer
        let logMath: OpaquePointer
        let unknown: Int32
        let sentenceStart: Int32
    }
    private let handles: Mutex<Handles>

    /// Nil when the file is missing or unreadable.
    public init?(path: String) {
        guard FileManager.default.fileExists(atPath: path), let logMath = logmath_init(1.0001, 0, 0) else { return nil }
        err_set_logfp(nil)  // sphinxbase's INFO lines would otherwise go to standard error
        guard let model = ngram_model_read(nil, path, NGRAM_AUTO, logMath) else {
            logmath_free(logMath)
            return nil
        }
        handles = Mutex(Handles(model: model, logMath: logMath, unknown: ngram_unknown_wid(model),
                                sentenceStart: ngram_wid(model, "<s>")))
    }

    deinit {
        handles.withLock {
            ngram_model_free($0.model)
            logmath_free($0.logMath)
        }
    }

    /// How well an answer's words fit their context, sentence by sentence (each a list of
    /// lower-cased words; numbers and other tokens without letters left out).
    public func fit(_ sentences: [[String]]) -> SequenceFit {
        handles.withLock { h in
            var fit = SequenceFit()
            for sentence in sentences {
                var previous = h.sentenceStart, beforeThat: Int32 = -1
                for word in sentence {
                    fit.words += 1
                    let id = ngram_wid(h.model, word)
                    guard id >= 0, id != h.unknown else {
                        // An unknown word breaks the context: the next word starts afresh.
                        fit.unknown += 1
                        previous = h.sentenceStart
                        beforeThat = -1
                        continue
                    }
                    var used: Int32 = 0
                    let inContext = beforeThat < 0 ? ngram_bg_score(h.model, id, previous, &used)
                        : ngram_tg_score(h.model, id, previous, beforeThat, &used)
                    let alone = ngram_ng_score(h.model, id, nil, 0, &used)
                    fit.add(gain: logmath_log_to_ln(h.logMath, inContext) - logmath_log_to_ln(h.logMath, alone))
                    beforeThat = previous
                    previous = id
                }
            }
            return fit
        }
    }
}

/// What `WordSequences` found in one answer. A word's gain is ln P(word | the two words before)
/// − ln P(word): above 0 its context makes it likelier, below 0 less likely.
public struct SequenceFit: Sendable, Equatable {
    public internal(set) var words = 0
    /// Words the model does not know (misspellings, names, rare words).
    public internal(set) var unknown = 0
    public internal(set) var gainTotal = 0.0
    /// Known words whose context makes them less likely than alone.
    public internal(set) var worse = 0
    /// Known words with a gain under −2 (seven times less likely in context): often a slip.
    public internal(set) var misfits = 0
    /// Known words with a gain over 2: set phrases and collocations.
    public internal(set) var fits = 0

    mutating func add(gain: Double) {
        gainTotal += gain
        if gain < 0 { worse += 1 }
        if gain < -2 { misfits += 1 }
        if gain > 2 { fits += 1 }
    }

    var known: Double { Double(max(1, words - unknown)) }
    public var unknownShare: Double { Double(unknown) / Double(max(1, words)) }
    public var meanGain: Double { gainTotal / known }
    public var worseShare: Double { Double(worse) / known }
    public var misfitShare: Double { Double(misfits) / known }
    public var fitShare: Double { Double(fits) / known }
}
