import Foundation
import Practice
import Templates
import Yams

/// A Writing or Speaking prompt as editors write it (`Content/prompts/writing/*.md`,
/// `Content/prompts/speaking/*.md`): front matter, then what the learner is told to do.
public struct TaskPrompt: Sendable, Equatable {
    /// A Part 2 cue card: the topic, the points to cover, and what to explain.
    public struct CueCard: Sendable, Equatable, Codable {
        public let task: String
        public let points: [String]
        public let explain: String?
    }

    public let title: String
    public let slug: String
    public let task: FeedbackTask
    public let topic: String
    /// Writing: the time the test gives; Speaking Part 2: the speaking time.
    public let minutes: Int
    /// Writing: the minimum number of words.
    public let words: Int
    /// Task 2: opinion, discussion, problem-solution, advantages-disadvantages, two-part.
    public let essay: String?
    /// General Training Task 1: formal, semi-formal, informal.
    public let letter: String?
    public let chart: PromptChart?
    /// Speaking Parts 1 and 3.
    public let questions: [String]
    public let cue: CueCard?
    public let followUp: [String]
    /// Part 3: the Part 2 prompt it follows.
    public let related: String?
    /// Topic words an answer is expected to use (relevance).
    public let keywords: [String]
    /// The instructions in Markdown, and the line they start on.
    public let body: String
    public let bodyLine: Int

    static let writingKeys: Set<String> = ["title", "slug", "task", "minutes", "words", "topic", "essay", "letter", "chart", "keywords"]
    static let speakingKeys: Set<String> = ["title", "slug", "topic", "part", "questions", "cue", "follow-up", "related", "keywords"]
    static let essayTypes = ["opinion", "discussion", "problem-solution", "advantages-disadvantages", "two-part"]
    static let letterTypes = ["formal", "semi-formal", "informal"]

    /// Whether a file (relative to the content root) is a prompt, and of which skill.
    public static func skill(of file: String) -> String? {
        let folders = file.split(separator: "/").dropLast()
        guard let index = folders.firstIndex(of: "prompts"), index + 1 < folders.endIndex else { return nil }
        let skill = String(folders[index + 1])
        return ["writing", "speaking"].contains(skill) ? skill : nil
    }

    /// Reads a prompt file (`skill` is "writing" or "speaking"); problems name their line.
    public static func parse(_ text: String, file: String, skill: String) throws(ContentError) -> TaskPrompt {
        guard let (yaml, body, bodyLine) = Lesson.frontMatterAndBody(text) else {
            throw ContentError(file: file, line: 1, message: "a prompt starts with front matter between two '---' lines")
        }
        let writing = skill == "writing"
        let fields = try FrontMatter(yaml: yaml, file: file, firstLine: 2, keys: writing ? writingKeys : speakingKeys)
        let slug = try fields.text("slug")
        guard Lesson.isSlug(slug) else { throw fields.error("slug", "a slug is lower-case letters, digits and hyphens, such as 'traffic-congestion'") }
        guard !body.allSatisfy(\.isWhitespace) else {
            throw ContentError(file: file, line: bodyLine, message: "after the front matter, write what the learner is asked to do")
        }
        let keywords = try fields.list("keywords", optional: false)
        guard (3...10).contains(keywords.count) else { throw fields.error("keywords", "give 3 to 10 keywords") }
        if writing {
            let name = try fields.text("task")
            guard let task = FeedbackTask(rawValue: name), task.isWriting else {
                throw fields.error("task", "task is academic-task-1, general-task-1 or task-2, not '\(name)'")
            }
            let minutes = try fields.integer("minutes"), words = try fields.integer("words")
            guard minutes == task.minutes else { throw fields.error("minutes", "\(task.displayName) gives \(task.minutes) minutes") }
            guard words == task.minimumWords else { throw fields.error("words", "\(task.displayName) asks for at least \(task.minimumWords) words") }
            let essay = try fields.optionalText("essay"), letter = try fields.optionalText("letter")
            if task == .task2 {
                guard let essay, essayTypes.contains(essay) else { throw fields.error("essay", "a Task 2 prompt has essay: one of \(essayTypes.joined(separator: ", "))") }
            } else if essay != nil { throw fields.error("essay", "only Task 2 prompts have an essay type") }
            if task == .generalTask1 {
                guard let letter, letterTypes.contains(letter) else { throw fields.error("letter", "a General Training Task 1 prompt has letter: formal, semi-formal or informal") }
            } else if letter != nil { throw fields.error("letter", "only General Training Task 1 prompts have a letter type") }
            var chart: PromptChart?
            if let (node, _) = fields.node("chart") { chart = try PromptChart.parse(node, fields: fields) }
            guard (task == .academicTask1) == (chart != nil) else {
                throw fields.error("chart", task == .academicTask1 ? "an Academic Task 1 prompt has a chart: (type, title, unit, x, series)" : "only Academic Task 1 prompts have a chart")
            }
            return TaskPrompt(title: try fields.text("title"), slug: slug, task: task, topic: try fields.text("topic"), minutes: minutes, words: words,
                              essay: essay, letter: letter, chart: chart, questions: [], cue: nil, followUp: [], related: nil,
                              keywords: keywords, body: body, bodyLine: bodyLine)
        }
        let part = try fields.integer("part")
        guard (1...3).contains(part), let task = FeedbackTask(rawValue: "speaking-part-\(part)") else { throw fields.error("part", "part is 1, 2 or 3") }
        let questions = try sentences(fields, "questions")
        let followUp = try sentences(fields, "follow-up")
        var cue: CueCard?
        if let (node, line) = fields.node("cue") { cue = try cueCard(node, line: line, fields: fields) }
        switch part {
        case 2:
            guard cue != nil else { throw fields.error("cue", "a Part 2 prompt has a cue card: task, points, explain") }
            guard questions.isEmpty else { throw fields.error("questions", "a Part 2 prompt has a cue card instead of questions") }
        default:
            guard cue == nil, followUp.isEmpty else { throw fields.error(cue != nil ? "cue" : "follow-up", "only Part 2 prompts have a cue card and follow-up questions") }
            guard (3...8).contains(questions.count) else { throw fields.error("questions", "Part \(part) has 3 to 8 questions") }
        }
        let related = try fields.optionalText("related")
        if related != nil, part != 3 { throw fields.error("related", "only Part 3 prompts follow a Part 2 prompt") }
        return TaskPrompt(title: try fields.text("title"), slug: slug, task: task, topic: try fields.text("topic"), minutes: task.minutes, words: 0,
                          essay: nil, letter: nil, chart: nil, questions: questions, cue: cue, followUp: followUp, related: related,
                          keywords: keywords, body: body, bodyLine: bodyLine)
    }

    /// A list of questions: sentences, commas allowed.
    static func sentences(_ fields: FrontMatter, _ key: String) throws(ContentError) -> [String] {
        guard let (node, _) = fields.node(key) else { return [] }
        guard case .sequence(let items) = node else { throw fields.error(key, "'\(key)' is a list of questions") }
        return try items.map { item throws(ContentError) in
            guard case .scalar = item, let text = item.string?.trimmed, !text.isEmpty, !text.contains(where: \.isNewline) else {
                throw ContentError(file: fields.file, line: fields.line(of: item), message: "each of '\(key)' is a question on one line")
            }
            return text
        }
    }

    static func cueCard(_ node: Node, line: Int, fields: FrontMatter) throws(ContentError) -> CueCard {
        func problem(_ message: String) -> ContentError { ContentError(file: fields.file, line: line, message: message) }
        guard case .mapping(let mapping) = node else { throw problem("'cue' has task, points and explain") }
        for (key, _) in mapping where !["task", "points", "explain"].contains(key.string ?? "") {
            throw ContentError(file: fields.file, line: fields.line(of: key), message: "unknown cue key '\(key.string ?? "?")' (known: explain, points, task)")
        }
        guard let task = mapping["task"]?.string?.trimmed, !task.isEmpty else { throw problem("the cue card needs its task: \"Describe a journey you remember well.\"") }
        guard case .sequence(let items)? = mapping["points"], (2...5).contains(items.count) else { throw problem("the cue card has 2 to 5 points") }
        let points = items.compactMap { $0.string?.trimmed }.filter { !$0.isEmpty }
        guard points.count == items.count else { throw problem("each cue card point is text") }
        return CueCard(task: task, points: points, explain: mapping["explain"]?.string?.trimmed)
    }

    /// The instructions, rendered for the page.
    public func instructions(with renderer: MarkdownRenderer, file: String) throws(ContentError) -> TrustedHTML {
        try renderer.render(body, file: file, firstLine: bodyLine)
    }

    /// The prompt as a provider reads it: the instructions, then the questions or the cue card.
    public var text: String {
        var lines = [body.trimmed]
        if let chart {
            lines.append("Chart (\(chart.kind.rawValue)): \(chart.title)\(chart.unit.map { " (\($0))" } ?? "")")
            lines += chart.series.map { series in
                "\(series.name): " + zip(chart.categories, series.values).map { "\($0) \(PromptChart.number($1))" }.joined(separator: ", ")
            }
        }
        lines += questions.map { "- \($0)" }
        if let cue {
            lines.append(cue.task)
            lines.append("You should say:")
            lines += cue.points.map { "- \($0)" }
            if let explain = cue.explain { lines.append(explain) }
        }
        return lines.joined(separator: "\n")
    }
}
