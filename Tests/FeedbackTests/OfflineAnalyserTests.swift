import Practice
import Scorer
import Testing
@testable import Feedback

/// The offline analyser on crafted answers, with expectations a teacher would agree with.
@Suite struct OfflineAnalyserTests {
    static let prompt = """
        Some people think that governments should spend more money on public transport, such as buses and trains, \
        rather than on building new roads. To what extent do you agree or disagree?
        """
    static let keywords = ["public transport", "roads", "traffic", "congestion", "government", "buses", "trains"]

    static func assess(_ text: String, task: FeedbackTask = .task2, seconds: Double? = nil) -> FeedbackResult {
        OfflineAnalyser().analyse(FeedbackRequest(task: task, promptTitle: "Transport", prompt: prompt, keywords: keywords, text: text, seconds: seconds))
    }

    static func band(_ result: FeedbackResult, _ criterion: Criterion) -> Double? {
        result.criteria.first { $0.criterion == criterion }?.band
    }

    static let goodEssay = """
        Traffic congestion has become one of the most visible problems of modern cities, and governments must decide how to spend \
        limited budgets. Some argue that new roads are the quickest way to keep a growing city moving. In my opinion, however, \
        investing in public transport is a far better choice than building new roads, although roads will always have a role.

        Firstly, new roads rarely solve congestion for long. When a motorway is widened, driving becomes easier for a while, which \
        encourages more people to travel by car, so the traffic soon returns. By contrast, a reliable network of buses and trains \
        can move thousands of commuters while occupying a fraction of the space. For example, a single train carries as many \
        passengers as several hundred private cars, and it does so without adding to the queues at every junction.

        Secondly, public transport brings significant environmental and social benefits. Buses and trains produce far lower \
        emissions per passenger, which helps cities meet their climate targets. Moreover, people who cannot drive, such as \
        teenagers, elderly residents and those on low incomes, depend on affordable services to reach work, schools and hospitals.

        On the other hand, some rural areas are too sparsely populated for frequent services, and goods still need to travel by \
        road. Delivery lorries, emergency vehicles and buses themselves need well-maintained surfaces. Therefore, governments \
        should maintain existing roads and invest in key routes where there is genuine demand.

        In conclusion, while roads remain necessary, I believe that the greater share of transport funding should go to buses and \
        trains, because they reduce congestion, pollution and inequality at the same time.
        """

    @Test func anEmptyAnswerScoresNothing() {
        let result = Self.assess("   \n ")
        #expect(result.band == 0 && result.criteria.allSatisfy { $0.band == 0 } && result.annotations.isEmpty)
        #expect(result.isEstimate && result.provider == "offline")
    }

    @Test func aShortWritingAnswerGetsAMessageNotABand() {
        let twenty = "I agree that governments should spend more money on buses and trains because the roads are full of cars today."
        let result = Self.assess(twenty)
        #expect(result.refusal?.contains("At 20 words there is too little") == true && result.scoredBand == nil)
        #expect(result.criteria.allSatisfy { $0.band == nil } && result.strengths.isEmpty)
        #expect(OfflineAnalyser.narrative(result).joined().hasPrefix("No band for this answer: At 20 words"))
    }

    @Test func twentySpokenWordsOrFewerIsBandOne() {
        let twenty = "I agree that governments should spend more money on buses and trains because the roads are full of cars today."
        let result = Self.assess(twenty, task: .speakingPart1, seconds: 20)
        #expect(result.band == 1 && result.criteria.filter { $0.criterion != .pronunciation }.allSatisfy { $0.band == 1 })
        #expect(result.criteria[0].comment.contains("Band 1 to 20 words or fewer"))
    }

    @Test func aGoodEssayScoresWell() throws {
        let result = Self.assess(Self.goodEssay)
        #expect(TextMeasures(Self.goodEssay).wordCount >= 250 && TextMeasures(Self.goodEssay).paragraphs == 5)
        for criterion in FeedbackTask.task2.criteria { #expect((Self.band(result, criterion) ?? 0) >= 5.5, "\(criterion): \(result.criteria)") }
        #expect(BandScore.overall(result.criteria.compactMap { $0.band.flatMap(BandScore.init) })?.value == result.band)
        #expect(result.band >= 6 && result.band <= 8.5)
        let low = try #require(result.low), high = try #require(result.high)
        #expect(low < result.band && result.band < high && high - low <= 3, "an 80% range around the band: \(low)-\(high)")
        #expect(result.strengths.contains("It stays on the topic of the prompt."))
        #expect(result.annotations.isEmpty, "\(result.annotations)")
    }

    @Test func anEssayUnderTheMinimumLosesTaskResponse() {
        // The first, second and last paragraphs of the good essay: about 150 words, on topic.
        let paragraphs = Self.goodEssay.components(separatedBy: "\n\n")
        let short = [paragraphs[0], paragraphs[1], paragraphs[4]].joined(separator: "\n\n")
        let words = TextMeasures(short).wordCount
        #expect((130...200).contains(words))
        let result = Self.assess(short), full = Self.assess(Self.goodEssay)
        #expect(result.band < full.band && Self.band(result, .taskResponse)! < Self.band(full, .taskResponse)!, "\(result.criteria)")
        #expect(result.criteria[0].comment.contains("under the 250-word minimum"))
        #expect(result.improvements.first?.contains("Write at least 250 words") == true)
    }

    @Test func aLongOffTopicEssayGetsAMessageNotABand() {
        let cooking = String(repeating: """
            Cooking at home is a pleasure that many families have forgotten. When children help to prepare vegetables, measure flour \
            and stir sauces, they learn patience and practical skills. Recipes passed down from grandparents connect generations, and \
            sharing a meal at the table gives everyone time to talk about their day. Although ready meals are convenient, fresh \
            ingredients taste better and are usually healthier.

            """, count: 5)
        #expect(TextMeasures(cooking).wordCount > 250)
        let result = Self.assess(cooking)
        #expect(result.refusal?.contains("does not seem to be about the task's topic") == true && result.scoredBand == nil, "\(result.criteria)")
    }

    @Test func repeatedWordsLowerLexicalResource() {
        let repetitive = """
            Public transport is good. Public transport is cheap and public transport is good for the city. Roads are bad and roads \
            are expensive. I think public transport is good because public transport is good for people. The government should pay \
            for public transport. Public transport is good and public transport helps traffic. Traffic is bad. Roads make traffic. \
            So public transport is good and roads are bad. Public transport is the answer because public transport is good.
            """
        let result = Self.assess(repetitive)
        #expect(Self.band(result, .lexicalResource)! < Self.band(Self.assess(Self.goodEssay), .lexicalResource)!, "\(result.criteria)")
        #expect(result.improvements.contains { $0.hasPrefix("Find other ways to say") })
    }

    @Test func manyMisspellingsLowerLexicalResourceAndAreMarked() {
        let misspelt = Self.goodEssay.replacingOccurrences(of: "government", with: "goverment")
            .replacingOccurrences(of: "congestion", with: "congeston").replacingOccurrences(of: "passengers", with: "pasengers")
            .replacingOccurrences(of: "because", with: "becuase").replacingOccurrences(of: "environmental", with: "enviromental")
            .replacingOccurrences(of: "significant", with: "signifcant").replacingOccurrences(of: "necessary", with: "neccessary")
            .replacingOccurrences(of: "people", with: "peple").replacingOccurrences(of: "traffic", with: "trafic")
        let result = Self.assess(misspelt)
        #expect(Self.band(result, .lexicalResource)! < Self.band(Self.assess(Self.goodEssay), .lexicalResource)!)
        let spelling = result.annotations.filter { $0.problem.contains("misspelt") }
        #expect(spelling.count >= 4)
        #expect(spelling.contains { $0.problem.hasPrefix("'congeston' is misspelt") && $0.suggestion.contains("congestion") })
        #expect(result.improvements.contains { $0.hasPrefix("Check the spelling of") })
    }

    @Test func namesFromThePromptAndTheAnswerAreNotMisspellings() {
        let request = FeedbackRequest(task: .academicTask1, promptTitle: "Northbridge transport",
                                      prompt: "The chart shows how residents of Northbridge and Harbourton travelled to work.",
                                      text: Self.goodEssay + "\n\nIn Northbridge, as my friend Siobhan explains, most people from Harbourton cycle.")
        let result = OfflineAnalyser().analyse(request)
        let flagged = result.annotations.filter { $0.problem.contains("misspelt") }.map(\.problem)
        #expect(!flagged.contains { $0.contains("northbridge") || $0.contains("harbourton") || $0.contains("siobhan") }, "\(flagged)")
        #expect(result.measures["misspelt"] == 0)
        // A misspelling is still one, even in a sentence with names.
        let slip = FeedbackRequest(task: .task2, promptTitle: "T", prompt: Self.prompt, text: Self.goodEssay + "\n\nMy friend Siobhan thinks the goverment is right.")
        #expect(OfflineAnalyser().analyse(slip).measures["misspelt"] == 1)
    }

    @Test func slipsAreMarkedWithABetterVersionInTheLearnersText() {
        let text = Self.goodEssay + "\r\n\r\nA student who pay for lessons deserves a course that suit them."
        let result = Self.assess(text)
        #expect(result.annotations.contains { $0.suggestion == "A student who pays for lessons deserves a course that suit them." })
        #expect(result.annotations.contains { $0.suggestion == "A student who pay for lessons deserves a course that suits them." })
        #expect(!result.annotations.contains { $0.sentence.contains("\r") })
    }

    @Test func speakingFluencySignalsComeFromTheTranscriptAndItsLength() {
        let hesitant = "Um, I think, er, I think the the city needs, um, more buses. You know, er, buses are, um, cheaper. I mean, er, trains too."
        let slow = Self.assess(hesitant, task: .speakingPart1, seconds: 30)
        #expect(Self.band(slow, .fluencyCoherence)! <= 5, "\(slow.criteria)")
        #expect(slow.measures["fillers"]! >= 7 && slow.measures["repetitions"]! >= 1 && slow.measures["selfCorrections"]! >= 1, "\(slow.measures)")
        #expect(slow.criteria.first { $0.criterion == .pronunciation }?.band == nil)
        #expect(slow.criteria.first { $0.criterion == .pronunciation }?.comment.hasPrefix("Not assessed") == true)
        let fluent = Self.assess(Self.goodEssay.replacingOccurrences(of: "\n\n", with: " "), task: .speakingPart3, seconds: 130)
        #expect(Self.band(fluent, .fluencyCoherence)! >= 6.5 && fluent.measures["wordsPerMinute"]! > 100)
        #expect(fluent.band > slow.band)
    }

    @Test func feedbackStreamsInPiecesThenTheResult() async throws {
        var events: [FeedbackEvent] = []
        for try await event in OfflineAnalyser().assess(FeedbackRequest(task: .task2, promptTitle: "T", prompt: Self.prompt, text: Self.goodEssay)) {
            events.append(event)
        }
        guard case .status = events.first, case .result(let result)? = events.last else { Issue.record("\(events)"); return }
        let text = events.compactMap { if case .text(let piece) = $0 { piece } else { nil } }
        #expect(text.count > 10 && text.joined().contains("Task Response: about band") && text.joined().contains("What went well:"))
        #expect(result == OfflineAnalyser().analyse(FeedbackRequest(task: .task2, promptTitle: "T", prompt: Self.prompt, text: Self.goodEssay)))
    }

    @Test func aRecordingWithoutATranscriptIsNotScoredZero() async throws {
        let request = FeedbackRequest(task: .speakingPart2, promptTitle: "T", prompt: "Describe a journey.", text: "  ", seconds: 95, audioKey: "recordings/x.webm")
        do {
            for try await event in OfflineAnalyser().assess(request) { Issue.record("no feedback without words: \(event)") }
            Issue.record("the analyser must refuse")
        } catch let error as ProviderError {
            #expect(error.kind == .rejected && error.message.contains("transcript"))
        }
    }

    @Test func writingBandsCombineWithTaskTwoCountingDouble() {
        #expect(FeedbackResult.writingBand(task1: 6, task2: 7) == 6.5)    // (6 + 7 + 7) / 3 = 6.67
        #expect(FeedbackResult.writingBand(task1: 5, task2: 7) == 6.5)    // 6.33
        #expect(FeedbackResult.writingBand(task1: 7, task2: 6) == 6.5)    // 6.33
        #expect(FeedbackResult.writingBand(task1: 6, task2: 6.5) == 6.5)  // 6.33
        #expect(FeedbackResult.writingBand(task1: nil, task2: 6) == 6 && FeedbackResult.writingBand(task1: nil, task2: nil) == nil)
    }
}
