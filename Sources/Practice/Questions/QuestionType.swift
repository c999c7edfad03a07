/// The IELTS question types, as editors name them in a `questions` block.
public enum QuestionType: String, Sendable, CaseIterable, Codable {
    case multipleChoice = "multiple-choice"
    case trueFalseNotGiven = "true-false-not-given"
    case yesNoNotGiven = "yes-no-not-given"
    case matchingHeadings = "matching-headings"
    case matchingInformation = "matching-information"
    case matchingFeatures = "matching-features"
    case matchingSentenceEndings = "matching-sentence-endings"
    case sentenceCompletion = "sentence-completion"
    case summaryCompletion = "summary-completion"
    case noteCompletion = "note-completion"
    case tableCompletion = "table-completion"
    case flowChartCompletion = "flow-chart-completion"
    case formCompletion = "form-completion"
    case diagramLabelling = "diagram-labelling"
    case mapLabelling = "map-labelling"
    case shortAnswer = "short-answer"

    /// How a learner answers questions of this type.
    public enum Family: Sendable, Equatable {
        /// Choose a lettered option of the question (A, B, C…), or several with "choose TWO".
        case multipleChoice
        /// TRUE / FALSE / NOT GIVEN or YES / NO / NOT GIVEN.
        case judgement
        /// Match each question to an option of the group's list (letters or roman numerals).
        case matching
        /// Write words (within a limit), or a letter from a word list or a labelled map.
        case completion
    }

    public var family: Family {
        switch self {
        case .multipleChoice: .multipleChoice
        case .trueFalseNotGiven, .yesNoNotGiven: .judgement
        case .matchingHeadings, .matchingInformation, .matchingFeatures, .matchingSentenceEndings: .matching
        default: .completion
        }
    }

    /// What people call it: "True / False / Not Given".
    public var displayName: String {
        switch self {
        case .multipleChoice: "Multiple choice"
        case .trueFalseNotGiven: "True / False / Not Given"
        case .yesNoNotGiven: "Yes / No / Not Given"
        case .matchingHeadings: "Matching headings"
        case .matchingInformation: "Matching information"
        case .matchingFeatures: "Matching features"
        case .matchingSentenceEndings: "Matching sentence endings"
        case .sentenceCompletion: "Sentence completion"
        case .summaryCompletion: "Summary completion"
        case .noteCompletion: "Note completion"
        case .tableCompletion: "Table completion"
        case .flowChartCompletion: "Flow-chart completion"
        case .formCompletion: "Form completion"
        case .diagramLabelling: "Diagram labelling"
        case .mapLabelling: "Map and plan labelling"
        case .shortAnswer: "Short answer"
        }
    }

    /// Whether a prompt shows a gap (`___`) where the answer goes.
    public var promptsHaveGaps: Bool {
        family == .completion && self != .shortAnswer && self != .diagramLabelling && self != .mapLabelling
    }

    /// Matching headings lists its options i, ii, iii…; every other list is lettered.
    public var labelsOptionsWithNumerals: Bool { self == .matchingHeadings }

    /// The judgement answers, with the short forms learners may write.
    public var judgements: [(label: String, shortForm: String)] {
        switch self {
        case .trueFalseNotGiven: [("TRUE", "T"), ("FALSE", "F"), ("NOT GIVEN", "NG")]
        case .yesNoNotGiven: [("YES", "Y"), ("NO", "N"), ("NOT GIVEN", "NG")]
        default: []
        }
    }
}
