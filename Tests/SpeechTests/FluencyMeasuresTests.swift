import Testing
@testable import Speech

/// Fluency measured from word timings laid out by hand.
@Suite struct FluencyMeasuresTests {
    /// Words at the given (start, end) seconds.
    static func speech(_ words: [(String, Double, Double)], duration: Double = 20) -> RecognisedSpeech {
        RecognisedSpeech(words: words.map { HeardWord(text: $0.0, start: $0.1, end: $0.2, confidence: 0.9) }, duration: duration)
    }

    @Test func steadySpeechHasNoPausesAndOneRun() {
        // Ten words, 0.4 s each with 0.1 s gaps: 4.9 s of speech.
        let words = (0..<10).map { ("word\($0)", Double($0) * 0.5, Double($0) * 0.5 + 0.4) }
        let measures = FluencyMeasures(Self.speech(words))
        #expect(measures.words == 10 && measures.fillers == 0 && measures.longPauses.isEmpty)
        #expect(abs(measures.speakingSpan - 4.9) < 1e-9)
        #expect(abs(measures.wordsPerMinute - 10 / (4.9 / 60)) < 1e-6)
        #expect(measures.pauseRatio == 0 && measures.meanLengthOfRun == 10 && measures.articulationRate == measures.wordsPerMinute)
    }

    @Test func pausesFillersAndRepairsAreCounted() {
        let measures = FluencyMeasures(Self.speech([
            ("i", 0.0, 0.2), ("went", 0.2, 0.5), ("to", 0.5, 0.6), ("the", 0.6, 0.7), ("the", 0.7, 0.8), ("park", 0.8, 1.2),
            ("because", 1.2, 1.7),            // then 1.5 s of silence
            ("um", 3.2, 3.5),                 // then 0.3 s
            ("it", 3.8, 3.9), ("is", 3.9, 4.0), ("it", 4.0, 4.1), ("is", 4.1, 4.2), ("quiet", 4.2, 4.7),
        ]))
        #expect(measures.words == 12 && measures.fillers == 1)
        #expect(measures.longPauses.count == 1 && measures.longPauses.first?.after == "because")
        #expect(abs((measures.longPauses.first?.at ?? 0) - 1.7) < 1e-9 && abs((measures.longPauses.first?.seconds ?? 0) - 1.5) < 1e-9)
        #expect(abs(measures.pauseRatio - 1.8 / 4.7) < 1e-9)
        // "the the" once, and "it is it is" once.
        #expect(measures.repetitions == 2)
        // Runs: 7 words, then the filler alone (no words), then 5 words.
        #expect(measures.meanLengthOfRun == 6)
        #expect(abs(measures.articulationRate - 12 / ((4.7 - 1.8) / 60)) < 1e-6)
    }

    @Test func silenceMeasuresNothing() {
        let measures = FluencyMeasures(RecognisedSpeech(words: [], duration: 12))
        #expect(measures.words == 0 && measures.wordsPerMinute == 0 && measures.meanLengthOfRun == 0)
    }

    @Test(arguments: [("the(2)", "the"), ("<sil>", nil), ("[NOISE]", nil), ("++BREATH++", nil), ("<s>", nil), ("Park", "park")] as [(String, String?)])
    func segmentsBecomeWords(_ raw: String, _ word: String?) {
        #expect(Recogniser.word(raw) == word)
    }

    @Test func theTranscriptLeavesFillersOutAndMarksUnsureWords() {
        let speech = RecognisedSpeech(words: [HeardWord(text: "um", start: 0, end: 0.3, confidence: 0.9), HeardWord(text: "a", start: 0.3, end: 0.4, confidence: 0.95),
                                              HeardWord(text: "lake", start: 0.4, end: 0.8, confidence: 0.3)], duration: 1)
        #expect(speech.transcript == "a lake" && speech.unsureWords.map(\.text) == ["lake"])
    }
}
