import Practice
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

    @Test func twentyWordsOrFewerIsBandOne() {
        let twenty = "I agree that governments should spend more money on buses and trains because the roads are full of cars today."
        #expect(TextMeasures(twenty).wordCount == 20)
        let result = Self.assess(twenty)
        #expect(result.band == 1 && result.criteria.allSatisfy { $0.band == 1 })
        #expect(result.criteria[0].comment.contains("Band 1 to 20 words or fewer"))
        #expect(Self.assess(twenty + " Really.").criteria.allSatisfy { $0.band != 1 || $0.criterion == .taskResponse })
    }

    @Test func aGoodEssayScoresWell() {
        let result = Self.assess(Self.goodEssay)
        #expect(TextMeasures(Self.goodEssay).wordCount >= 250 && TextMeasures(Self.goodEssay).paragraphs == 5)
        for criterion in FeedbackTask.task2.criteria { #expect((Self.band(result, criterion) ?? 0) >= 6, "\(criterion): \(result.criteria)") }
        #expect(result.band >= 6.5 && result.band <= 8)
        #expect(result.strengths.contains("It stays on the topic of the prompt."))
        #expect(result.annotations.isEmpty, "\(result.annotations)")
    }

    @Test func anEssayUnderTheMinimumLosesTaskResponse() {
        // The first, second and last paragraphs of the good essay: about 150 words, on topic.
        let paragraphs = Self.goodEssay.components(separatedBy: "\n\n")
        let short = [paragraphs[0], paragraphs[1], paragraphs[4]].joined(separator: "\n\n")
        let words = TextMeasures(short).wordCount
        #expect((130...200).contains(words))
        let result = Self.assess(short)
        #expect(Self.band(result, .taskResponse)! <= 5)
        #expect(result.criteria[0].comment.contains("under the 250-word minimum"))
        #expect(Self.band(result, .lexicalResource)! >= 6)  // the language itself is still good
        #expect(result.improvements.first?.contains("Write at least 250 words") == true)
    }

    @Test func aLongOffTopicEssayLosesTaskResponse() {
        let cooking = String(repeating: """
            Cooking at home is a pleasure that many families have forgotten. When children help to prepare vegetables, measure flour \
            and stir sauces, they learn patience and practical skills. Recipes passed down from grandparents connect generations, and \
            sharing a meal at the table gives everyone time to talk about their day. Although ready meals are convenient, fresh \
            ingredients taste better and are usually healthier.

            """, count: 5)
        #expect(TextMeasures(cooking).wordCount > 250)
        let result = Self.assess(cooking)
        #expect(Self.band(result, .taskResponse)! <= 4, "\(result.criteria)")
        #expect(result.criteria[0].comment.contains("does not address the question"))
        #expect(result.improvements.contains("Re-read the prompt and answer its exact question."))
    }

    @Test func repeatedWordsLowerLexicalResource() {
        let repetitive = """
            Public transport is good. Public transport is cheap and public transport is good for the city. Roads are bad and roads \
            are expensive. I think public transport is good because public transport is good for people. The government should pay \
            for public transport. Public transport is good and public transport helps traffic. Traffic is bad. Roads make traffic. \
            So public transport is good and roads are bad. Public transport is the answer because public transport is good.
            """
        let result = Self.assess(repetitive)
        #expect(Self.band(result, .lexicalResource)! <= 5, "\(result.criteria)")
        #expect(Self.band(result, .lexicalResource)! < Self.band(Self.assess(Self.goodEssay), .lexicalResource)!)
        #expect(result.improvements.contains { $0.hasPrefix("Find other ways to say") })
        #expect(Self.band(result, .grammaticalRange)! <= 5.5)   // short, simple sentences
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

    /// A sentence with a slip, the problem the analyser names, and its corrected version.
    static let slips: [(String, String, String)] = [
        ("People is worried about the traffic in big cities.", "'People' is plural", "People are worried about the traffic in big cities."),
        ("The city could of built a new tram line years ago.", "after could, should", "The city could have built a new tram line years ago."),
        ("Drivers need more informations about delays.", "uncountable", "Drivers need more information about delays."),
        ("It is a important decision for every government.", "use 'an'", "It is an important decision for every government."),
        ("Last year the mayor didn't went to the meeting.", "base form", "Last year the mayor didn't go to the meeting."),
        ("This is the the main reason for congestion.", "repeated", "This is the main reason for congestion."),
        ("There is many reasons to build railways.", "there are", "There are many reasons to build railways."),
        ("Trains are more better than cars for long trips.", "comparative", "Trains are better than cars for long trips."),
        ("In the other hand, roads help rural areas.", "on the other hand", "On the other hand, roads help rural areas."),
        ("This are an important benefit for children.", "'This' is singular", "This is an important benefit for children."),
        ("Those was the busiest years for the railway.", "plural verb", "Those were the busiest years for the railway."),
    ]

    @Test(arguments: slips) func grammarSlipsAreMarkedWithABetterVersion(_ sentence: String, _ problem: String, _ better: String) {
        let found = LanguageChecks.annotations(sentence)
        #expect(found.contains { $0.problem.lowercased().contains(problem.lowercased()) && $0.suggestion == better }, "\(found)")
    }

    @Test func correctSentencesAreLeftAlone() {
        for sentence in ["It is an honour to study at a university.", "She said that that was the answer.", "An hour is a long time on a bus.",
                         "I believe a European rail pass is a useful idea.",
                         "Cities that are crowded need trams, and these are cheap to run."] {
            #expect(LanguageChecks.annotations(sentence).isEmpty, "\(sentence): \(LanguageChecks.annotations(sentence))")
        }
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

    @Test func measuresOfText() {
        let text = TextMeasures("A well-known writer didn't stop.\n\nShe wrote 3.5 books! Really? Yes.")
        #expect(text.words == ["a", "well-known", "writer", "didn't", "stop", "she", "wrote", "3.5", "books", "really", "yes"])
        #expect(text.sentences.count == 4 && text.paragraphs == 2)
        #expect(TextMeasures(String(repeating: "the cat sat on the mat ", count: 20)).mtld < TextMeasures(Self.goodEssay).mtld)
        #expect(WordLists.dictionary.count > 100_000 && WordLists.isSpelled("colour") && WordLists.isSpelled("color") && !WordLists.isSpelled("goverment"))
        #expect(WordLists.suggestion(for: "goverment") == "government")
    }
}
