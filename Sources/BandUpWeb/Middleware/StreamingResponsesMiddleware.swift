import Hummingbird

/// Builds the response of a long-lived stream (a page following its feedback, `…/events`) in a
/// task of its own. Swift's task allocator keeps a task's deepest async stack for as long as the
/// task lives, and a request's stack is deepest while the middleware, the session, PostgreSQL and
/// Redis work on it; the body of a stream is then written for minutes. Done in a child task, that
/// deep stack is freed as soon as the response is ready, and each open stream keeps only the
/// shallow stack that writes its body (see docs/benchmarks.md, "Feedback streams").
struct StreamingResponsesMiddleware: RouterMiddleware {
    typealias Context = WebContext

    /// Whether `path` is served as a long-lived stream.
    static func isStream(_ path: String) -> Bool { path.hasSuffix("/events") }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard Self.isStream(request.uri.path) else { return try await next(request, context) }
        return try await withoutActuallyEscaping(next) { next in
            // The task is awaited before `next` goes out of scope, so it never outlives the call.
            let chain = UncheckedSendable(next)
            let task = Task { try await chain.value(request, context) }
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        }
    }
}

/// A value the compiler cannot prove `Sendable` but that is only used while its owner waits.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
