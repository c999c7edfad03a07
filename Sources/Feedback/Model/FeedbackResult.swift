import Practice

/// A provider's assessment: a band and a comment for each criterion, the task band, what went
/// well, what to improve, and sentence-level annotations shown inline in the learner's text.
public struct FeedbackResult: Sendable, Codable, Equatable {
    public struct CriterionBand: Sendable, Codable, Equatable {
        public let criterion: Criterion
        /// Nil when the criterion was not assessed (pronunciation without audio).
        public let band: Double?
        public let comment: String
        /// Words from the learner's text that show the band (a model's quotation, checked).
        public let evidence: String?

        public init(criterion: Criterion, band: Double?, comment: String, evidence: String? = nil) {
            self.criterion = criterion
            self.band = band
            self.comment = comment
            self.evidence = evidence
        }
    }

    /// One sentence of the learner's text, what is wrong with it, and a better version.
    public struct Annotation: Sendable, Codable, Equatable {
        public let sentence: String
        public let problem: String
        public let suggestion: String

        public init(sentence: String, problem: String, suggestion: String) {
            self.sentence = sentence
            self.problem = problem
            self.suggestion = suggestion
        }
    }

    public let criteria: [CriterionBand]
    public let band: Double
    public let strengths: [String]
    public let improvements: [String]
    public let annotations: [Annotation]
    /// Which provider assessed it: "offline", "gemini", "bedrock".
    public let provider: String
    /// True for the offline analyser: its bands are estimates from measurable features.
    public let isEstimate: Bool
    /// Measurements the learner sees beside the bands (words, paragraphs, words per minute…).
    public let measures: [String: Double]
    /// The tokens a language model read and wrote (nil for the offline analyser).
    public let usage: TokenUsage?
    /// The range that held the examiner's band 80% of the time on essays the scorer had not seen
    /// (nil when the provider's accuracy has not been measured).
    public let low: Double?
    public let high: Double?
    /// Why no band was given (too short, not English, copied from the prompt, off the topic).
    public let refusal: String?
    /// Speaking: what BandUp's recogniser heard in the recording, when it listened.
    public let heard: HeardAnswer?

    public init(criteria: [CriterionBand], band: Double? = nil, strengths: [String], improvements: [String], annotations: [Annotation],
                provider: String, isEstimate: Bool, measures: [String: Double] = [:], usage: TokenUsage? = nil,
                low: Double? = nil, high: Double? = nil, refusal: String? = nil, heard: HeardAnswer? = nil) {
        self.criteria = criteria
        self.band = band ?? Self.taskBand(criteria)
        self.strengths = strengths
        self.improvements = improvements
        self.annotations = annotations
        self.provider = provider
        self.isEstimate = isEstimate
        self.measures = measures
        self.usage = usage
        self.low = low
        self.high = high
        self.refusal = refusal
        self.heard = heard
    }

    /// The band, unless the answer was refused one.
    public var scoredBand: Double? { refusal == nil ? band : nil }

    /// The same result with `measures` (the transcript's fluency signals, the essay's counts) added
    /// where the provider gave none.
    public func adding(measures extra: [String: Double]) -> FeedbackResult {
        FeedbackResult(criteria: criteria, band: band, strengths: strengths, improvements: improvements, annotations: annotations,
                       provider: provider, isEstimate: isEstimate, measures: measures.merging(extra) { mine, _ in mine }, usage: usage,
                       low: low, high: high, refusal: refusal, heard: heard)
    }

    /// The task band: the mean of the assessed criteria with IELTS's rounding.
    public static func taskBand(_ criteria: [CriterionBand]) -> Double {
        BandScore.overall(criteria.compactMap { $0.band.flatMap(BandScore.init) })?.value ?? 0
    }

    /// The Writing band from Task 1 and Task 2: Task 2 counts double, rounded with IELTS's rounding.
    public static func writingBand(task1: Double?, task2: Double?) -> Double? {
        switch (task1, task2) {
        case let (one?, two?):
            return BandScore.overall([one, two, two].compactMap(BandScore.init))?.value
        case let (one?, nil): return one
        case let (nil, two?): return two
        default: return nil
        }
    }
}

/// Tokens a language model read (the prompt) and wrote (the answer), as its API reported them.
public struct TokenUsage: Sendable, Codable, Equatable {
    public let input: Int
    public let output: Int

    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }
}
