import Auth
import Content
import Feedback
import Foundation
import Hummingbird
import Practice
import Study
import Templates

/// The learner's progress: bands per skill (latest, best, history chart), the estimated overall
/// band, accuracy by question type with the weakest three linked to lessons, the study streak, the
/// days to the exam, and every attempt.
struct DashboardController {
    let pages: PageRenderer
    let backends: Backends
    let tests: ParsedTests
    let clock: WallClock
    let study: StudySettings
    /// The published lessons that practise each question type (read from every lesson's Markdown),
    /// kept in memory until lessons change.
    let lessonsByType: NotifiedValue<[QuestionType: [(slug: String, title: String)]]>

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("dashboard") { request, context in try await dashboard(request, context: context) }
    }

    private func dashboard(_ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        let page = try await load(user), postgres = backends.postgres, now = page.now
        let study = study, decks = Decks(client: postgres), dictation = DictationSessions(client: postgres)
        let (due, results) = try await backends.database { _ in
            (try await decks.due(userID: user.id, now: now, dayStart: StudySettings.dayStart(now), newPerDay: study.newCardsPerDay),
             try await dictation.results(userID: user.id, limit: 5))
        }
        var values = page.values
        values["flashcards"] = .dictionary(["due": .int(due.total), "reviews": .int(due.reviews), "new": .int(due.new)])
        values["dictation"] = .array(results.map { result in
            .dictionary(["level": .string(result.level.rawValue.capitalized), "when": .date(result.finishedAt), "percent": .int(Int((result.accuracy * 100).rounded()))])
        })
        return try pages.render("dashboard/index.html", values, context: context, path: "/dashboard")
    }
}

extension DashboardController {
    /// Everything the dashboard is worked out from: the learner's attempts (expired exams scored),
    /// answers, activity, and the lessons for each question type.
    func load(_ user: User) async throws -> DashboardPage {
        let postgres = backends.postgres, now = clock.now()
        let attempts = try await ExpiredAttempts(backends: backends, tests: tests, clock: clock)
            .finish(try await backends.database { _ in try await TestAttempts(client: postgres).all(userID: user.id) })
        let moments = try await backends.database { _ in
            try await LearnerActivity(client: postgres).moments(userID: user.id, since: now.addingTimeInterval(-400 * 86_400))
        }
        let backends = backends
        let lessons = try await lessonsByType.value { try await backends.database { _ in try await LessonLibrary(client: postgres).lessonsByQuestionType() } }
        let answers = try await backends.database { _ in try await FeedbackAttempts(client: postgres).history(userID: user.id, limit: 500) }
        return DashboardPage(user: user, attempts: attempts, answers: answers, moments: moments, lessons: lessons, now: now)
    }
}

/// What `dashboard/index.html` reads, worked out from the learner's attempts and activity.
struct DashboardPage {
    let user: User
    let attempts: [TestAttempt]
    /// Writing and Speaking answers sent for feedback.
    let answers: [FeedbackAttempt]
    let moments: [Date]
    /// Lessons that practise each question type.
    let lessons: [QuestionType: [(slug: String, title: String)]]
    let now: Date

    static let skills = ["listening", "reading", "writing", "speaking"]

    /// Whole tests with a band, oldest first.
    var banded: [TestAttempt] {
        attempts.filter { $0.result?.band != nil }.sorted { ($0.submittedAt ?? $0.startedAt) < ($1.submittedAt ?? $1.startedAt) }
    }

    var values: [String: TemplateValue] {
        var latest: [BandScore] = []
        let skills: [TemplateValue] = Self.skills.map { skill in
            let written = skill == "writing" || skill == "speaking"
            let (points, latestBand, isEstimate) = history(of: skill)
            guard let band = latestBand, !points.isEmpty else {
                return .dictionary(["name": .string(skill.capitalized), "known": false,
                                    "note": .string(written ? "Send a \(skill) answer for feedback to get a band." : "Sit a full test in exam mode or practice to get a band.")])
            }
            latest.append(band)
            return .dictionary([
                "name": .string(skill.capitalized), "known": true, "latest": .string(band.description),
                "best": .string(points.map(\.band).max()!.description), "count": .int(points.count),
                "unit": .string(written ? "answer" : "test"), "estimate": .bool(isEstimate),
                "chart": BandChart(points: points).templateValue, "id": .string("chart-\(skill)"),
            ])
        }
        let overall = BandScore.overall(latest)
        let weak = weakest
        return [
            "skills": .array(skills),
            "overall": overall.map { .string($0.description) } ?? .null,
            "overallComplete": .bool(latest.count == 4),
            "overallFrom": .string(Self.skills.filter { skill in
                banded.contains { $0.kind.skill == skill } || AnswerBands(skill: skill, from: answers).band != nil
            }.map(\.capitalized).joined(separator: " and ")),
            "types": .array(typeAccuracy.map { row in
                .dictionary(["type": .string(row.type.displayName), "marks": .int(row.marks), "outOf": .int(row.outOf), "percent": .int(row.percent),
                             "weak": .bool(weak.contains(row.type)),
                             "lessons": .array((lessons[row.type] ?? []).prefix(2).map { .dictionary(["slug": .string($0.slug), "title": .string($0.title)]) })])
            }),
            "weakest": .array(typeAccuracy.filter { weak.contains($0.type) }.map { .string($0.type.displayName) }),
            "streak": .int(streak),
            "examDays": daysToExam.map { .int($0) } ?? .null,
            "target": user.targetBand.flatMap { BandScore($0) }.map { .string($0.description) } ?? .null,
            "attempts": .array(attempts.map(TestsController.attemptRow)),
        ]
    }

    /// A skill's bands over time (tests for Listening and Reading, assessed answers for Writing
    /// and Speaking), its latest band, and whether the bands are BandUp's estimates.
    func history(of skill: String) -> (points: [BandChart.Point], latest: BandScore?, isEstimate: Bool) {
        if skill == "writing" || skill == "speaking" {
            let spoken = AnswerBands(skill: skill, from: answers)
            return (spoken.points, spoken.band, spoken.isEstimate)
        }
        let mine = banded.filter { $0.kind.skill == skill }
        let points = mine.compactMap { attempt in
            attempt.result?.band.map { BandChart.Point(date: attempt.submittedAt ?? attempt.startedAt, band: $0, title: attempt.title) }
        }
        return (points, mine.last?.result?.band, false)
    }

    /// Marks by question type over every submitted attempt.
    var typeAccuracy: [ResultPage.TypeAccuracy] {
        ResultPage.accuracy(attempts.flatMap { $0.result?.items ?? [] })
    }

    /// The three types with the lowest accuracy (of those tried at least three times).
    var weakest: Set<QuestionType> {
        Set(typeAccuracy.filter { $0.outOf >= 3 && $0.percent < 100 }.sorted { ($0.percent, $0.outOf) < ($1.percent, $1.outOf) }.prefix(3).map(\.type))
    }

    var streak: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let days = Set(moments.map { calendar.dateComponents([.year, .month, .day], from: $0) })
        return StudyStreak.length(of: days, today: now, calendar: calendar)
    }

    var daysToExam: Int? {
        guard let text = user.examDate else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let exam = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        let today = calendar.startOfDay(for: now)
        return calendar.dateComponents([.day], from: today, to: exam).day.map { max(0, $0) }
    }
}
