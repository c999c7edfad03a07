import Content
import Feedback
import Foundation
import Hummingbird
import Practice
import Templates

/// Writing and Speaking practice: the prompts by task (anyone may browse), and a prompt's page
/// with the learner's draft (signed in): the prompt, its chart or cue card, the timer and the
/// answer box, which autosaves.
struct TaskPagesController {
    let pages: PageRenderer
    let backends: Backends
    let runtime: FeedbackRuntime
    let flash: FlashMessages
    let clock: WallClock

    static let skills = ["writing", "speaking"]

    func addRoutes(to router: some RouterMethods<WebContext>) {
        for skill in Self.skills {
            router.get(RouterPath(skill)) { _, context in try await list(skill, context: context) }
        }
    }

    func addLearnerRoutes(to router: some RouterMethods<WebContext>) {
        for skill in Self.skills {
            router.get(RouterPath("\(skill)/:slug")) { request, context in try await task(skill, request, context: context) }
        }
    }

    private func list(_ skill: String, context: WebContext) async throws -> Response {
        let prompts = try await backends.database { client in try await PromptLibrary(client: client).all(skill: skill) }
        let attempts = runtime.attempts
        var recent: [FeedbackAttempt] = []
        if let user = context.user {
            recent = try await backends.database { _ in try await attempts.history(userID: user.id, limit: 10) }
        }
        let tasks = FeedbackTask.allCases.filter { skill == "writing" ? $0.isWriting : $0.isSpeaking }
        let groups: [TemplateValue] = tasks.compactMap { task in
            let ofTask = prompts.filter { $0.task == task }
            guard !ofTask.isEmpty else { return nil }
            return .dictionary([
                "task": .string(task.displayName), "about": .string(Self.about(task)),
                "prompts": .array(ofTask.map { .dictionary(["slug": .string($0.slug), "title": .string($0.title), "topic": .string($0.topic)]) }),
            ])
        }
        return try pages.render("\(skill)/index.html", [
            "groups": .array(groups),
            "recent": .array(recent.filter { tasks.contains($0.task) }.map(AnswerPage.listing)),
        ], context: context, path: "/\(skill)")
    }

    /// What the learner does in each task, for the list.
    static func about(_ task: FeedbackTask) -> String {
        switch task {
        case .academicTask1: "Describe a chart in at least 150 words, in 20 minutes."
        case .generalTask1: "Write a letter of at least 150 words, in 20 minutes."
        case .task2: "Write an essay of at least 250 words, in 40 minutes."
        case .speakingPart1: "Short answers to questions about yourself and everyday topics."
        case .speakingPart2: "One minute to prepare, then up to two minutes on the topic of a cue card."
        case .speakingPart3: "A discussion of wider questions, with reasons and examples."
        }
    }

    private func task(_ skill: String, _ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user, let slug = context.parameters.get("slug") else { throw HTTPError(.notFound) }
        guard let prompt = try await backends.database({ client in try await PromptLibrary(client: client).prompt(slug: slug, skill: skill) }) else {
            throw HTTPError(.notFound)
        }
        let mode = request.uri.queryParameters.get("mode").flatMap { FeedbackAttempt.Mode(rawValue: String($0)) }  // nil: as the draft was
        let snapshot = PromptSnapshot(slug: prompt.slug, task: prompt.task, title: prompt.title, text: prompt.text, keywords: prompt.keywords)
        let attempts = runtime.attempts
        let draft = try await backends.database { _ in
            try await attempts.draft(userID: user.id, prompt: snapshot, mode: mode, clockMinutes: prompt.task.isWriting ? prompt.minutes : nil)
        }
        let renderer = MarkdownRenderer(resolveMedia: { "/media/" + $0 })
        let instructions = try prompt.instructions(with: renderer, file: "prompts/\(skill)/\(slug).md")
        var values: [String: TemplateValue] = [
            "prompt": .dictionary([
                "slug": .string(prompt.slug), "title": .string(prompt.title), "task": .string(prompt.task.displayName),
                "topic": .string(prompt.topic), "minutes": .int(prompt.minutes), "words": .int(prompt.words),
                "instructions": .html(instructions), "chart": prompt.chart.map { PromptChartView(chart: $0).templateValue } ?? .null,
                "questions": .array(prompt.questions.map { .string($0) }),
                "followUp": .array(prompt.followUp.map { .string($0) }),
                "cue": prompt.cue.map { cue in
                    .dictionary(["task": .string(cue.task), "points": .array(cue.points.map { .string($0) }), "explain": cue.explain.map { .string($0) } ?? .null])
                } ?? .null,
                "part": .int(prompt.task == .speakingPart1 ? 1 : prompt.task == .speakingPart2 ? 2 : 3),
            ]),
            "attempt": .dictionary([
                "id": .string(draft.id.uuidString.lowercased()), "base": .string("/answers/\(draft.id.uuidString.lowercased())"),
                "answer": .string(draft.answer), "timed": .bool(draft.mode == .timed),
                "remaining": .int(Self.remaining(draft, minutes: prompt.minutes, now: clock.now())),
                "seconds": draft.seconds.map { .int(Int($0)) } ?? .null,
                "hasRecording": .bool(draft.audioKey != nil),
            ]),
            "hearsAudio": .bool(runtime.hearsAudio),
            "listens": .bool(runtime.listens),
            "accuracy": .string(EstimateAccuracy.sentence(provider: "offline", task: prompt.task)),
            "maxRecordingMinutes": .int(prompt.task == .speakingPart2 ? 2 : 5),
        ]
        values["otherMode"] = .string(draft.mode == .timed ? "practice" : "timed")
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("\(skill)/task.html", values, context: context, path: "/\(skill)", flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }

    /// Seconds left on a timed draft's clock.
    static func remaining(_ draft: FeedbackAttempt, minutes: Int, now: Date) -> Int {
        max(0, minutes * 60 - Int(now.timeIntervalSince(draft.startedAt)))
    }
}
