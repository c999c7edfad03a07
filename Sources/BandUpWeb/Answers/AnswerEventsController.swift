import Feedback
import Foundation
import Hummingbird

/// `GET /answers/<id>/events`: feedback on an answer as it is written, for its learner only
/// (``JobEventStream``). A finished answer's page renders from PostgreSQL; a page that was
/// following gets the rest of the job's events, any other one final event that tells it to reload.
struct AnswerEventsController {
    let backends: Backends
    let runtime: FeedbackRuntime

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("answers/:id/events") { request, context in try await events(request, context: context) }
    }

    func events(_ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        let attempts = runtime.attempts
        guard let attempt = try await backends.database({ _ in try await attempts.attempt(id: id, userID: user.id) }), attempt.state != .draft else {
            throw HTTPError(.notFound)
        }
        let waiting = attempt.delayed ? "Many answers are waiting: your feedback may take a few minutes." : "Waiting for an examiner…"
        return try await JobEventStream(runtime: runtime).response(id, request: request, final: attempt.finalEvent, waiting: waiting) {
            try? await attempts.attempt(id: id, userID: user.id)?.finalEvent
        }
    }
}
