/// A sentence for dictation, taken from a listening script and recorded on its own
/// (`audio/dictation/<id>.mp3`): the learner hears it and types it.
public struct DictationSentence: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable, Codable {
        case easy, medium, hard

        /// What a learner chooses between.
        public var description: String {
            switch self {
            case .easy: "Easy: short sentences, everyday words"
            case .medium: "Medium: longer sentences, some less common words"
            case .hard: "Hard: long sentences, as in Parts 3 and 4"
            }
        }
    }

    public let id: String
    public let level: Level
    public let text: String
    /// The script it comes from (a lesson's slug, or a test and part).
    public let source: String

    public init(id: String, level: Level, text: String, source: String) {
        self.id = id
        self.level = level
        self.text = text
        self.source = source
    }

    /// The recording's media path.
    public var audio: String { "audio/dictation/\(id).mp3" }

    /// The columns of the sentence list (Content/dictation/sentences.tsv).
    public static let columns = ["id", "level", "voice", "source", "text"]

    /// Reads the sentence list: a header row naming ``columns``, then one tab-separated sentence
    /// per line (`voice` is the espeak-ng voice scripts/generate-audio records it with). Every
    /// problem with its line.
    public static func list(_ text: String) -> (sentences: [DictationSentence], problems: [(line: Int, message: String)]) {
        var sentences: [DictationSentence] = [], problems: [(Int, String)] = [], seen = Set<String>()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let header = lines.first, header.split(separator: "\t").map(String.init) == columns else {
            return ([], [(1, "the first line names the columns: \(columns.joined(separator: ", ")) (separated by tabs)")])
        }
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmed.isEmpty {
            let number = offset + 1, fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmed }
            guard fields.count == columns.count else { problems.append((number, "\(fields.count) fields; a sentence has \(columns.count), separated by tabs")); continue }
            let (id, levelName, source, sentence) = (fields[0], fields[1], fields[3], fields[4])
            guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }), !id.hasPrefix("-") else {
                problems.append((number, "the id '\(id)' is not lower-case letters, digits and hyphens")); continue
            }
            guard seen.insert(id).inserted else { problems.append((number, "the id '\(id)' is used twice")); continue }
            guard let level = Level(rawValue: levelName) else { problems.append((number, "the level is easy, medium or hard, not '\(levelName)'")); continue }
            let words = sentence.split(separator: " ").count
            guard (3...30).contains(words) else { problems.append((number, "a dictation sentence has 3 to 30 words, not \(words)")); continue }
            sentences.append(DictationSentence(id: id, level: level, text: sentence, source: source))
        }
        return (sentences, problems)
    }
}
