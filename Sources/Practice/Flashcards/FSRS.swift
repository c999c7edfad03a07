import Foundation

/// FSRS-6, the Free Spaced Repetition Scheduler: when a flashcard should next be reviewed, from
/// how well the learner recalled it. A card's memory is its stability (days until recall falls to
/// 90%) and difficulty (1-10); each review updates both and schedules the next one so recall stays
/// at the desired retention. New and forgotten cards first go through short learning steps.
///
/// The formulas and the scheduling follow the reference implementation, py-fsrs 6
/// (open-spaced-repetition), including its default parameters; `FlashcardsTests` replays
/// generated review logs through both and requires the same stability, difficulty and due dates.
public struct FSRS: Sendable, Equatable {
    /// How well the learner recalled the card.
    public enum Rating: Int, Sendable, CaseIterable, Codable {
        case again = 1, hard, good, easy
    }

    /// Where a card is in its life: learning (new), review (remembered), relearning (forgotten).
    public enum State: Int, Sendable, Codable {
        case learning = 1, review, relearning
    }

    /// A card's schedule: its state, learning step, memory, when it is due and when it was last seen.
    public struct Card: Sendable, Equatable, Codable {
        public var state: State
        /// The learning or relearning step (nil in review).
        public var step: Int?
        public var stability: Double?
        public var difficulty: Double?
        public var due: Date
        public var lastReview: Date?

        /// A card never reviewed: due at `now`.
        public static func new(due now: Date) -> Card {
            Card(state: .learning, step: 0, stability: nil, difficulty: nil, due: now, lastReview: nil)
        }

        public init(state: State, step: Int?, stability: Double?, difficulty: Double?, due: Date, lastReview: Date?) {
            self.state = state
            self.step = step
            self.stability = stability
            self.difficulty = difficulty
            self.due = due
            self.lastReview = lastReview
        }
    }

    /// FSRS-6's published default weights (py-fsrs `DEFAULT_PARAMETERS`).
    public static let defaultWeights: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]

    public let weights: [Double]
    public let desiredRetention: Double
    /// Seconds between learning steps (1 and 10 minutes), and relearning steps (10 minutes).
    public let learningSteps: [TimeInterval]
    public let relearningSteps: [TimeInterval]
    /// The longest interval, in days.
    public let maximumInterval: Int
    /// Whether review intervals get a little random spread, so cards learnt together do not all
    /// come back on the same day.
    public let fuzz: Bool

    static let minimumStability = 0.001
    static let day: TimeInterval = 86_400

    public init(weights: [Double] = FSRS.defaultWeights, desiredRetention: Double = 0.9, learningSteps: [TimeInterval] = [60, 600],
                relearningSteps: [TimeInterval] = [600], maximumInterval: Int = 36_500, fuzz: Bool = true) {
        precondition(weights.count == 21, "FSRS-6 has 21 weights")
        self.weights = weights
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzz = fuzz
    }

    var decay: Double { -weights[20] }
    var factor: Double { pow(0.9, 1 / decay) - 1 }

    /// The chance the learner recalls the card at `now`.
    public func retrievability(_ card: Card, at now: Date) -> Double {
        guard let lastReview = card.lastReview, let stability = card.stability else { return 0 }
        let elapsedDays = max(0, Self.wholeDays(now.timeIntervalSince(lastReview)))
        return pow(1 + factor * Double(elapsedDays) / stability, decay)
    }

    /// The card after a review rated `rating` at `now`. `random` (0..<1) spreads review intervals
    /// when fuzz is on; give the same value to preview a grade and to apply it.
    public func review(_ card: Card, _ rating: Rating, at now: Date, random: Double = Double.random(in: 0..<1)) -> Card {
        var card = card
        let daysSinceLastReview = card.lastReview.map { Self.wholeDays(now.timeIntervalSince($0)) }
        let next: TimeInterval
        switch card.state {
        case .learning, .relearning:
            let steps = card.state == .learning ? learningSteps : relearningSteps
            if card.state == .learning, card.stability == nil || card.difficulty == nil {
                card.stability = initialStability(rating)
                card.difficulty = initialDifficulty(rating, clamped: true)
            } else {
                updateMemory(&card, rating, daysSinceLastReview: daysSinceLastReview, at: now)
            }
            let step = card.step ?? 0
            if steps.isEmpty || (step >= steps.count && rating != .again) {
                next = graduate(&card)
            } else {
                switch rating {
                case .again:
                    card.step = 0
                    next = steps[0]
                case .hard:
                    next = step == 0 ? (steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2) : steps[step]
                case .good:
                    if step + 1 == steps.count {
                        next = graduate(&card)
                    } else {
                        card.step = step + 1
                        next = steps[step + 1]
                    }
                case .easy:
                    next = graduate(&card)
                }
            }
        case .review:
            updateMemory(&card, rating, daysSinceLastReview: daysSinceLastReview, at: now)
            if rating == .again, !relearningSteps.isEmpty {
                card.state = .relearning
                card.step = 0
                next = relearningSteps[0]
            } else {
                next = TimeInterval(nextInterval(card.stability!)) * Self.day
            }
        }
        let interval = fuzz && card.state == .review ? fuzzed(next, random: random) : next
        card.due = now.addingTimeInterval(interval)
        card.lastReview = now
        return card
    }

    /// When the card would be due after each rating at `now` (what the review buttons show).
    public func preview(_ card: Card, at now: Date, random: Double) -> [Rating: Date] {
        Dictionary(uniqueKeysWithValues: Rating.allCases.map { ($0, review(card, $0, at: now, random: random).due) })
    }

    // MARK: The model

    /// Stability and difficulty after a review: within a day of the last one, the short-term
    /// formula; otherwise recall or forgetting from the card's retrievability now.
    private func updateMemory(_ card: inout Card, _ rating: Rating, daysSinceLastReview: Int?, at now: Date) {
        guard let stability = card.stability, let difficulty = card.difficulty else { return }
        if let days = daysSinceLastReview, days < 1 {
            card.stability = shortTermStability(stability, rating)
        } else {
            card.stability = nextStability(difficulty: difficulty, stability: stability, retrievability: retrievability(card, at: now), rating)
        }
        card.difficulty = nextDifficulty(difficulty, rating)
    }

    private func graduate(_ card: inout Card) -> TimeInterval {
        card.state = .review
        card.step = nil
        return TimeInterval(nextInterval(card.stability!)) * Self.day
    }

    func initialStability(_ rating: Rating) -> Double {
        max(weights[rating.rawValue - 1], Self.minimumStability)
    }

    func initialDifficulty(_ rating: Rating, clamped: Bool) -> Double {
        let difficulty = weights[4] - pow(M_E, weights[5] * Double(rating.rawValue - 1)) + 1
        return clamped ? Self.clampDifficulty(difficulty) : difficulty
    }

    /// Whole days (at least 1, at most the maximum) until recall falls to the desired retention.
    func nextInterval(_ stability: Double) -> Int {
        let days = (stability / factor) * (pow(desiredRetention, 1 / decay) - 1)
        return min(max(Int(days.rounded(.toNearestOrEven)), 1), maximumInterval)
    }

    func shortTermStability(_ stability: Double, _ rating: Rating) -> Double {
        var increase = pow(M_E, weights[17] * (Double(rating.rawValue) - 3 + weights[18])) * pow(stability, -weights[19])
        if rating != .again { increase = max(increase, 1) }
        return max(stability * increase, Self.minimumStability)
    }

    func nextDifficulty(_ difficulty: Double, _ rating: Rating) -> Double {
        let easy = initialDifficulty(.easy, clamped: false)
        let delta = -(weights[6] * Double(rating.rawValue - 3))
        let damped = difficulty + (10 - difficulty) * delta / 9
        return Self.clampDifficulty(weights[7] * easy + (1 - weights[7]) * damped)
    }

    func nextStability(difficulty: Double, stability: Double, retrievability: Double, _ rating: Rating) -> Double {
        let next: Double
        if rating == .again {
            let longTerm = weights[11] * pow(difficulty, -weights[12]) * (pow(stability + 1, weights[13]) - 1) * pow(M_E, (1 - retrievability) * weights[14])
            let shortTerm = stability / pow(M_E, weights[17] * weights[18])
            next = min(longTerm, shortTerm)
        } else {
            let hardPenalty = rating == .hard ? weights[15] : 1
            let easyBonus = rating == .easy ? weights[16] : 1
            next = stability * (1 + pow(M_E, weights[8]) * (11 - difficulty) * pow(stability, -weights[9])
                * (pow(M_E, (1 - retrievability) * weights[10]) - 1) * hardPenalty * easyBonus)
        }
        return max(next, Self.minimumStability)
    }

    /// A review interval spread a little (none under 2.5 days): a whole number of days between
    /// bounds that widen with the interval, picked by `random`.
    func fuzzed(_ interval: TimeInterval, random: Double) -> TimeInterval {
        let days = Self.wholeDays(interval)
        guard Double(days) >= 2.5 else { return interval }
        var delta = 1.0
        for (start, end, factor) in [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, Double.infinity, 0.05)] {
            delta += factor * max(min(Double(days), end) - start, 0)
        }
        var low = Int((Double(days) - delta).rounded(.toNearestOrEven)), high = Int((Double(days) + delta).rounded(.toNearestOrEven))
        low = max(2, low)
        high = min(high, maximumInterval)
        low = min(low, high)
        let picked = min(Int((random * Double(high - low + 1) + Double(low)).rounded(.toNearestOrEven)), maximumInterval)
        return TimeInterval(picked) * Self.day
    }

    static func clampDifficulty(_ difficulty: Double) -> Double { min(max(difficulty, 1), 10) }

    /// Whole days in an interval, rounded down (as Python's `timedelta.days`).
    static func wholeDays(_ interval: TimeInterval) -> Int { Int((interval / day).rounded(.down)) }
}
