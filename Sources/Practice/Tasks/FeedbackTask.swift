/// What was written or said, which decides the criteria, the minimum length and the timing.
public enum FeedbackTask: String, Sendable, Codable, CaseIterable {
    case academicTask1 = "academic-task-1"
    case generalTask1 = "general-task-1"
    case task2 = "task-2"
    case speakingPart1 = "speaking-part-1"
    case speakingPart2 = "speaking-part-2"
    case speakingPart3 = "speaking-part-3"

    public var isWriting: Bool { !isSpeaking }
    public var isSpeaking: Bool { rawValue.hasPrefix("speaking") }

    /// The four criteria examiners mark this task on.
    public var criteria: [Criterion] {
        switch self {
        case .academicTask1, .generalTask1: [.taskAchievement, .coherenceCohesion, .lexicalResource, .grammaticalRange]
        case .task2: [.taskResponse, .coherenceCohesion, .lexicalResource, .grammaticalRange]
        default: [.fluencyCoherence, .lexicalResource, .grammaticalRange, .pronunciation]
        }
    }

    /// The minimum number of words (writing).
    public var minimumWords: Int {
        switch self {
        case .task2: 250
        case .academicTask1, .generalTask1: 150
        default: 0
        }
    }

    /// The time the test gives (writing) or the speaking time (part 2: up to two minutes).
    public var minutes: Int {
        switch self {
        case .task2: 40
        case .academicTask1, .generalTask1: 20
        case .speakingPart2: 2
        default: 5
        }
    }

    public var displayName: String {
        switch self {
        case .academicTask1: "Academic Writing Task 1"
        case .generalTask1: "General Training Writing Task 1"
        case .task2: "Writing Task 2"
        case .speakingPart1: "Speaking Part 1"
        case .speakingPart2: "Speaking Part 2"
        case .speakingPart3: "Speaking Part 3"
        }
    }
}

extension FeedbackTask {
    /// A Writing task as a rated-essay CSV names it: `task-1` (as such collections write it) is
    /// General Training when the prompt asks for a letter, Academic otherwise; nil when the name
    /// is not a Writing task.
    public init?(writingColumn name: String, prompt: String) {
        if name == "task-1" {
            let lower = prompt.lowercased()
            self = lower.contains("write a letter") || lower.contains("dear sir") || lower.hasPrefix("dear") ? .generalTask1 : .academicTask1
            return
        }
        guard let task = FeedbackTask(rawValue: name), task.isWriting else { return nil }
        self = task
    }
}

/// An IELTS marking criterion.
public enum Criterion: String, Sendable, Codable, CaseIterable {
    case taskAchievement = "task-achievement"
    case taskResponse = "task-response"
    case coherenceCohesion = "coherence-cohesion"
    case lexicalResource = "lexical-resource"
    case grammaticalRange = "grammatical-range"
    case fluencyCoherence = "fluency-coherence"
    case pronunciation

    public var displayName: String {
        switch self {
        case .taskAchievement: "Task Achievement"
        case .taskResponse: "Task Response"
        case .coherenceCohesion: "Coherence and Cohesion"
        case .lexicalResource: "Lexical Resource"
        case .grammaticalRange: "Grammatical Range and Accuracy"
        case .fluencyCoherence: "Fluency and Coherence"
        case .pronunciation: "Pronunciation"
        }
    }
}
