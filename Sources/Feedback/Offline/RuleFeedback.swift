import Foundation
import Practice
import Scorer
import Speech

/// The offline analyser's comments and its original rule-made bands (kept as the baseline the
/// trained scorer is measured against: `bandup feedback evaluate --rules`), read from the same
/// measures the scorer uses.
struct RuleFeedback {
    let request: FeedbackRequest
    let essay: EssayFeatures
    /// Measured from the recording's timings, when the analyser listened to it.
    let timing: FluencyMeasures?

    init(request: FeedbackRequest, essay: EssayFeatures, fluency: FluencyMeasures? = nil) {
        self.request = request
        self.essay = essay
        self.timing = fluency
    }

    var text: TextMeasures { essay.text }
    var task: FeedbackTask { request.task }
    var words: Int { text.wordCount }
    var lower: String { text.source.lowercased() }
    func value(_ name: String) -> Double { essay.values[name] ?? 0 }

    // MARK: Measures

    /// How much of the prompt's topic the answer takes up (0...1).
    var relevance: Double { essay.topic.coverage }

    /// The linking words and phrases used, and how often each.
    var linkers: [String: Int] {
        var counts: [String: Int] = [:]
        for device in CohesiveDevices.find(in: text) where device.function != "opinion" { counts[device.phrase, default: 0] += 1 }
        return counts
    }

    var linkerFunctions: Int { Int(value("device_functions")) }
    var academicShare: Double { value("academic_share") }
    var misspelt: [String] { essay.misspelt }

    /// The content word used most, and its share of all words.
    var mostRepeated: (word: String, share: Double)? {
        var counts: [String: Int] = [:]
        for word in text.words where word.count >= 4 && !WordClasses.function.contains(word) { counts[word, default: 0] += 1 }
        guard let top = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), words > 0 else { return nil }
        return (top.key, Double(top.value) / Double(words))
    }

    var slips: Int { essay.slips.count }
    var complexShare: Double { value("complex_sentence_share") }

    var fillers: Int {
        let typed = text.words.filter { WordClasses.fillers.contains($0) }.count
            + WordClasses.fillerPhrases.reduce(0) { $0 + lower.components(separatedBy: $1).count - 1 }
        // A typed "um" is the same one the recogniser heard: count the larger, not both.
        return max(typed, timing?.fillers ?? 0)
    }

    /// "I I", "the the": a word said twice in a row.
    var repetitions: Int { zip(text.words, text.words.dropFirst()).filter { $0 == $1 && $0 != "that" && $0 != "had" }.count }

    var selfCorrections: Int {
        ["i mean", "sorry,", "no, i", "or rather", "i meant"].reduce(0) { $0 + lower.components(separatedBy: $1).count - 1 }
    }

    var wordsPerMinute: Double? {
        if let timing, timing.speakingSpan >= 5 { return timing.wordsPerMinute }
        guard let seconds = request.seconds, seconds >= 5 else { return nil }
        return Double(words) / (seconds / 60)
    }

    var measures: [String: Double] {
        var measures: [String: Double] = ["words": Double(words), "sentences": Double(text.sentences.count), "paragraphs": Double(text.paragraphs),
                                          "mtld": (text.mtld * 10).rounded() / 10, "relevance": (min(1, relevance) * 100).rounded(),
                                          "misspelt": Double(misspelt.count), "linkers": Double(linkers.values.reduce(0, +))]
        if task.isSpeaking {
            measures["fillers"] = Double(fillers)
            measures["repetitions"] = Double(repetitions)
            measures["selfCorrections"] = Double(selfCorrections)
            if let wpm = wordsPerMinute { measures["wordsPerMinute"] = wpm.rounded() }
            if let fluency = timing {
                measures["articulationRate"] = fluency.articulationRate.rounded()
                measures["pauseRatio"] = (fluency.pauseRatio * 100).rounded()
                measures["longPauses"] = Double(fluency.longPauses.count)
                measures["meanLengthOfRun"] = (fluency.meanLengthOfRun * 10).rounded() / 10
            }
        } else {
            measures["minimum"] = Double(task.minimumWords)
        }
        return measures
    }

    // MARK: Bands

    static func halfBand(_ value: Double) -> Double { min(8.5, max(1, (value * 2).rounded() / 2)) }

    func band(for criterion: Criterion) -> FeedbackResult.CriterionBand {
        switch criterion {
        case .taskAchievement, .taskResponse: return taskBand(criterion)
        case .coherenceCohesion: return coherence()
        case .lexicalResource: return lexical()
        case .grammaticalRange: return grammar()
        case .fluencyCoherence: return fluency()
        case .pronunciation:
            return .init(criterion: .pronunciation, band: nil,
                         comment: "Not assessed: the offline analyser works from the transcript and cannot hear you. A provider that listens to the recording assesses pronunciation.")
        }
    }

    func taskBand(_ criterion: Criterion) -> FeedbackResult.CriterionBand {
        var band = 6.0, notes: [String] = []
        let ratio = Double(words) / Double(max(1, task.minimumWords))
        switch task {
        case .task2:
            if text.paragraphs >= 4 { band += 0.5 } else if text.paragraphs <= 1 { band = min(band, 5); notes.append("It is written as one block; separate the introduction, body paragraphs and conclusion.") }
            if value("conclusion") > 0 { band += 0.5 } else { notes.append("It has no clear conclusion.") }
            if value("opinion") > 0 { band += 0.5 } else { notes.append("Your own position is not stated clearly.") }
        case .academicTask1:
            let figures = text.tokens.filter(\.isNumber).count
            if figures >= 3 { band += 0.5 } else { notes.append("Support the description with figures from the chart.") }
            if value("overview") > 0 { band += 0.5 } else { notes.append("There is no overview of the main trends (start one with 'Overall').") }
        case .generalTask1:
            if value("letter_greeting") > 0 { band += 0.5 } else { notes.append("A letter begins with a greeting such as 'Dear Mr Hall,'.") }
            if value("letter_signoff") > 0 { band += 0.5 }
            else { notes.append("End the letter with a suitable sign-off.") }
        default: break
        }
        if ratio < 1 {
            band = min(band, ratio < 0.4 ? 3 : ratio < 0.6 ? 4 : 5)
            notes.insert("At \(words) words it is under the \(task.minimumWords)-word minimum, which lowers this criterion.", at: 0)
        }
        let relevance = self.relevance
        if relevance < 0.2 { band = min(band, 4); notes.insert("Much of it does not address the question: keep to the topic of the prompt.", at: 0) }
        else if relevance < 0.35 { band = min(band, 5); notes.insert("Parts of it drift from the question.", at: 0) }
        if notes.isEmpty { notes.append("It addresses the task with the expected length and shape.") }
        return .init(criterion: criterion, band: Self.halfBand(band), comment: notes.joined(separator: " "))
    }

    func coherence() -> FeedbackResult.CriterionBand {
        var band = 5.0, notes: [String] = []
        let wanted = task == .task2 ? 4 : 3
        if text.paragraphs >= wanted { band += 1 } else if text.paragraphs <= 1 { band = min(band, 5); notes.append("Use paragraphs: one main idea each.") }
        let functions = linkerFunctions
        if functions >= 5 { band += 1 } else if functions >= 3 { band += 0.5 } else { notes.append("Link ideas with a wider range of devices (however, as a result, for example).") }
        if let (phrase, count) = linkers.max(by: { $0.value < $1.value }), count > 3 {
            band -= 0.5
            notes.append("'\(phrase.capitalized)' appears \(count) times: vary it.")
        }
        if text.sentenceSpans.count >= 5, value("device_starts_share") > 0.5 { band -= 0.5; notes.append("Most sentences open with a linking word, which feels mechanical.") }
        if text.meanSentenceLength > 40 { band -= 0.5; notes.append("Some sentences run on for too long.") }
        if notes.isEmpty { notes.append("Ideas are organised in paragraphs and linked with a range of devices.") }
        return .init(criterion: task.isSpeaking ? .fluencyCoherence : .coherenceCohesion, band: Self.halfBand(band), comment: notes.joined(separator: " "))
    }

    func lexical() -> FeedbackResult.CriterionBand {
        let mtld = text.mtld, shift = task.isSpeaking ? 10.0 : 0
        var band: Double = switch mtld + shift {
        case ..<40: 4.5
        case ..<55: 5.5
        case ..<70: 6
        case ..<90: 6.5
        default: 7
        }
        var notes: [String] = []
        if academicShare >= 0.03 { band += 0.5 } else if task.isWriting { notes.append("Use more precise, less common vocabulary for the topic.") }
        let spelling = Double(misspelt.count) / Double(max(1, words))
        if spelling > 0.05 { band -= 1; notes.append("There are many spelling mistakes (\(misspelt.count)), such as '\(misspelt[0])'.") }
        else if spelling > 0.02 { band -= 0.5; notes.append("Check spelling: '\(misspelt[0])' and others.") }
        if let (word, share) = mostRepeated, share > 0.04, words >= 60 {
            band -= 0.5
            notes.append("'\(word)' is repeated often: use synonyms or pronouns.")
        }
        if notes.isEmpty { notes.append("A good range of vocabulary, used accurately.") }
        return .init(criterion: .lexicalResource, band: Self.halfBand(band), comment: notes.joined(separator: " "))
    }

    func grammar() -> FeedbackResult.CriterionBand {
        var band = 5.5, notes: [String] = []
        let complex = complexShare
        if complex >= 0.6 { band += 1 } else if complex >= 0.4 { band += 0.5 } else { notes.append("Use more complex sentences (relative clauses, 'although', 'because', conditionals).") }
        if text.sentenceLengthSpread >= 6 { band += 0.5 }
        let rate = Double(slips) * 100 / Double(max(1, words))
        if rate > 2 { band -= 1; notes.append("Frequent grammar slips: see the marked sentences.") }
        else if rate > 1 { band -= 0.5; notes.append("Some grammar slips: see the marked sentences.") }
        if text.meanSentenceLength < 8, text.sentences.count >= 3 { band -= 0.5; notes.append("Sentences are mostly short and simple.") }
        if notes.isEmpty { notes.append("A mix of simple and complex sentences with few errors.") }
        return .init(criterion: .grammaticalRange, band: Self.halfBand(band), comment: notes.joined(separator: " "))
    }

    func fluency() -> FeedbackResult.CriterionBand {
        var band = 6.0, notes: [String] = []
        if let wpm = wordsPerMinute {
            switch wpm {
            case ..<70: band = 4.5; notes.append("At about \(Int(wpm)) words a minute the answer is slow, with long pauses.")
            case ..<100: band = 5.5; notes.append("At about \(Int(wpm)) words a minute you hesitate often.")
            case ..<175: band = 6.5
            default: band = 6; notes.append("At about \(Int(wpm)) words a minute you may be rushing.")
            }
        }
        let per100 = 100 / Double(max(1, words))
        if Double(fillers) * per100 > 5 { band -= 1; notes.append("Many fillers (um, er, you know): pause silently instead.") }
        else if Double(fillers) * per100 > 2 { band -= 0.5; notes.append("Some fillers (um, er).") }
        if Double(repetitions) * per100 > 2 { band -= 0.5; notes.append("Words are repeated as you search for the next one.") }
        if let timing { pauses(timing, band: &band, notes: &notes) }
        if linkerFunctions >= 3 { band += 0.5 } else { notes.append("Link your ideas (because, for example, on the other hand).") }
        if task == .speakingPart2, let seconds = request.seconds, seconds < 60 { band = min(band, 5); notes.append("Part 2 asks you to keep going for up to two minutes; this was under one.") }
        if selfCorrections > 0 { notes.append("You corrected yourself \(selfCorrections) time\(selfCorrections == 1 ? "" : "s"), which is natural when it is quick.") }
        if notes.isEmpty { notes.append("You speak at length at a natural pace, with ideas linked.") }
        return .init(criterion: .fluencyCoherence, band: Self.halfBand(band), comment: notes.joined(separator: " "))
    }

    /// What the recording's silences say: long pauses (and after which word), and how long the
    /// runs of speech between pauses are.
    func pauses(_ fluency: FluencyMeasures, band: inout Double, notes: inout [String]) {
        let minutes = max(fluency.speakingSpan / 60, 0.1), long = fluency.longPauses
        if Double(long.count) / minutes > 3 {
            band -= 0.5
            let places = long.prefix(3).map { "after '\($0.after)' at \(Self.clock($0.at))" }.joined(separator: ", ")
            notes.append("There are \(long.count) pauses of a second or more (\(places)): keep going with a short phrase such as 'let me think'.")
        } else if let first = long.first {
            notes.append("The longest pauses were short enough; the first was after '\(first.after)' at \(Self.clock(first.at)).")
        }
        if fluency.words >= 30, fluency.meanLengthOfRun < 5 {
            band -= 0.5
            notes.append("You speak in short bursts (about \(Int(fluency.meanLengthOfRun.rounded())) words between pauses): practise saying whole phrases in one breath.")
        }
    }

    /// "1:05".
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return "\(whole / 60):" + String(format: "%02d", whole % 60)
    }

    // MARK: Summary

    var strengths: [String] {
        var found: [String] = []
        if task.isWriting, words >= task.minimumWords { found.append("The answer reaches the \(task.minimumWords)-word minimum.") }
        if linkerFunctions >= 4 { found.append("Ideas are linked with a range of devices.") }
        if text.mtld >= 70 { found.append("Vocabulary is varied.") }
        if academicShare >= 0.03 { found.append("Less common, precise words are used.") }
        if complexShare >= 0.5 { found.append("Complex sentences are used confidently.") }
        if relevance >= 0.5 { found.append("It stays on the topic of the prompt.") }
        return found
    }

    var improvements: [String] {
        var found: [String] = []
        if task.isWriting, words < task.minimumWords { found.append("Write at least \(task.minimumWords) words: plan two or three developed points.") }
        if relevance < 0.35 { found.append("Re-read the prompt and answer its exact question.") }
        if !misspelt.isEmpty { found.append("Check the spelling of \(misspelt.prefix(3).map { "'\($0)'" }.joined(separator: ", ")).") }
        if let (word, share) = mostRepeated, share > 0.04, words >= 60 { found.append("Find other ways to say '\(word)'.") }
        if linkerFunctions < 3 { found.append("Use linking words for contrast, cause and examples.") }
        if complexShare < 0.4 { found.append("Combine short sentences with 'which', 'although' or 'because'.") }
        if task.isSpeaking, fillers > 3 { found.append("Replace fillers with short silent pauses.") }
        return found
    }
}
