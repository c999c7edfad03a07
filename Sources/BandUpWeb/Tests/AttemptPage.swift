import Content
import Foundation
import Practice
import Templates

/// What `tests/attempt.html` and `tests/review.html` read: the section on screen with the
/// learner's answers and flags, the navigator over every question, the timer.
struct AttemptPage {
    let attempt: TestAttempt
    let test: PracticeTest
    /// The section on screen.
    let section: Int
    /// The sections this attempt covers.
    let sections: [Int]
    let now: Date
    /// An exam-mode Listening test's one recording (nil otherwise).
    var timeline: ListeningTimeline? = nil

    var base: String { "/tests/attempts/\(attempt.id.uuidString.lowercased())" }

    /// Answered: a value for each mark ("choose TWO" needs two letters).
    func answered(_ question: Question) -> Bool {
        (attempt.answers[question.number] ?? []).filter { !$0.trimmed.isEmpty }.count >= question.marks
    }

    /// The first number of every question (a "choose TWO" question is one entry, "21-22").
    func questions(in index: Int) -> [Question] { test.sections[index].groups.flatMap(\.questions) }

    var common: [String: TemplateValue] {
        let remaining = attempt.deadline.map { max(0, Int($0.timeIntervalSince(now))) }
        return [
            "test": .dictionary(["title": .string(test.title), "kind": .string(test.kind.displayName), "slug": .string(test.slug),
                                 "isListening": .bool(test.kind == .listening)]),
            "attempt": .dictionary([
                "base": .string(base), "exam": .bool(attempt.mode == .exam),
                "remaining": remaining.map { .int($0) } ?? .null,
                "remainingText": remaining.map { .string(Self.clock($0)) } ?? .null,
                "single": .bool(attempt.section != nil),
            ]),
            "sections": .array(sections.map { index in
                let numbers = questions(in: index)
                return .dictionary([
                    "index": .int(index), "title": .string(test.sections[index].heading.title), "current": .bool(index == section),
                    "answered": .int(numbers.filter { answered($0) }.count), "total": .int(numbers.count),
                ])
            }),
            "navigator": .array(sections.flatMap { index in
                questions(in: index).map { question in
                    .dictionary(["numbers": .string(question.numbers), "section": .int(index), "number": .int(question.number),
                                 "answered": .bool(answered(question)), "flagged": .bool(attempt.flags.contains(question.number)),
                                 "here": .bool(index == section)])
                }
            }),
        ]
    }

    var values: [String: TemplateValue] {
        var values = common
        let part = test.sections[section]
        let position = sections.firstIndex(of: section) ?? 0
        var groupIndex = test.sections[..<section].reduce(0) { $0 + $1.groups.count }
        values["section"] = .dictionary([
            "index": .int(section), "title": .string(part.heading.title),
            "heading": part.heading.heading.map { .string($0) } ?? .null, "intro": part.heading.intro.map { .string($0) } ?? .null,
            "passage": .html(part.passage),
            "highlights": .string(String(decoding: (try? JSONEncoder().encode(attempt.highlights[section] ?? [])) ?? Data("[]".utf8), as: UTF8.self)),
            "audio": part.audio.map { clip in .dictionary(["url": .string(clip.url), "title": .string(clip.title)]) } ?? .null,
            "parts": .array(part.questionParts.map { piece in
                switch piece {
                case .questions(let group):
                    defer { groupIndex += 1 }
                    return .dictionary(["kind": "questions", "group": group.templateValue(index: groupIndex, given: attempt.answers, marks: nil, flags: attempt.flags)])
                case .html(let html): return .dictionary(["kind": "html", "html": .html(html)])
                default: return .dictionary(["kind": "none"])
                }
            }),
        ])
        values["recording"] = recordingValue
        values["previous"] = position > 0 ? .int(sections[position - 1]) : .null
        values["next"] = position + 1 < sections.count ? .int(sections[position + 1]) : .null
        return values
    }

    /// The exam's recording panel: whether it has started, how long ago, and each part (its URL,
    /// length and questions) for the page's player; what is happening now, for the page without it.
    var recordingValue: TemplateValue {
        guard let timeline, attempt.mode == .exam else { return .null }
        let clips = test.sections.enumerated().compactMap { index, section in section.audio.map { (index, $0) } }
        let parts: [[String: String]] = zip(clips, timeline.parts).map { clip, seconds in
            let questions = questions(in: clip.0)
            let first = questions.map(\.number).min() ?? 0, last = questions.map { $0.number + $0.marks - 1 }.max() ?? 0
            return ["url": clip.1.url, "seconds": String(seconds), "title": test.sections[clip.0].heading.title, "questions": "\(first)–\(last)"]
        }
        let elapsed = attempt.recordingStartedAt.map { now.timeIntervalSince($0) }
        let partsJSON = String(decoding: (try? JSONEncoder().encode(parts)) ?? Data("[]".utf8), as: UTF8.self)
        return .dictionary([
            "started": .bool(elapsed != nil),
            "elapsed": elapsed.map { .string(String(format: "%.1f", $0)) } ?? .string(""),
            "parts": .string(partsJSON),
            "reading": .int(Int(timeline.readingSeconds)), "checking": .int(Int(timeline.checkingSeconds)),
            "checkingMinutes": .int(Int(timeline.checkingSeconds / 60)),
            "totalText": .string(Self.clock(Int(timeline.totalSeconds.rounded(.up)))),
            "now": .string(elapsed.map { Self.describe(timeline.moment(after: $0), parts: parts) } ?? ""),
            "start": .string(base + "/recording"),
        ])
    }

    /// What the recording is doing, in words ("Part 2 is playing.").
    static func describe(_ moment: ListeningTimeline.Moment, parts: [[String: String]]) -> String {
        switch moment {
        case .reading(let part, let remaining):
            "\(parts[part]["title"] ?? "The next part") starts in \(clock(Int(remaining.rounded(.up)))): read questions \(parts[part]["questions"] ?? "")."
        case .playing(let part, _): "\(parts[part]["title"] ?? "A part") is playing."
        case .checking(let remaining): "The recording has finished. Check your answers: \(clock(Int(remaining.rounded(.up)))) left."
        case .over: "The time is over."
        }
    }

    /// Unanswered and flagged questions, section by section, before submitting.
    var reviewValues: [String: TemplateValue] {
        var values = common
        var unanswered = 0
        values["review"] = .array(sections.map { index in
            let numbers = questions(in: index)
            let missing = numbers.filter { !answered($0) }
            unanswered += missing.reduce(0) { $0 + $1.marks }
            return .dictionary([
                "index": .int(index), "title": .string(test.sections[index].heading.title),
                "unanswered": .array(missing.map { .string($0.numbers) }),
                "flagged": .array(numbers.filter { attempt.flags.contains($0.number) }.map { .string($0.numbers) }),
            ])
        })
        values["unanswered"] = .int(unanswered)
        return values
    }

    /// 3725 → "1:02:05"; 305 → "5:05".
    static func clock(_ seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds / 60 % 60, rest = seconds % 60
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }
}
