import Hummingbird
import Logging
import Templates

/// Turns errors into pages a learner can act on: 404 and other client errors with their
/// message, 503 while PostgreSQL or Redis is away, 500 for bugs. JSON clients get JSON. Error
/// details and stack traces never leave the server outside development.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let pages: PageRenderer

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = Failure(error)
            switch failure.status.code {
            case 403 where error is CSRFRejected: context.logger.notice("CSRF check refused \(request.method) \(request.uri.path): \((error as! CSRFRejected).reason)")
            case 500...: context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            case 503: context.logger.warning("\(request.method) \(request.uri.path): \(error)")
            default: break
            }
            var response = wantsJSON(request) ? failure.json(requestID: context.requestID) : page(for: failure, error: error, request: request, context: context)
            if failure.status == .serviceUnavailable || failure.status == .tooManyRequests {
                response.headers[.retryAfter] = failure.retryAfter
            }
            if let allow = (error as? HTTPError)?.headers[.allow] { response.headers[.allow] = allow }
            return response
        }
    }

    private func page(for failure: Failure, error: any Error, request: Request, context: WebContext) -> Response {
        var values: [String: TemplateValue] = [
            "status": .int(failure.status.code),
            "title": .string(failure.title),
            "message": .string(failure.message),
        ]
        if pages.environment.isDevelopment, failure.status.code >= 500 {
            values["detail"] = .string(String(reflecting: error))
        }
        do {
            return try pages.render("errors/error.html", values, context: context, path: request.uri.path, status: failure.status)
        } catch {
            // The error page itself failed (a template bug): plain text, still without details.
            context.logger.error("error page failed: \(error)")
            return Response(status: failure.status, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: .init(string: "\(failure.title)\n\(failure.message)\nRequest id: \(context.requestID)\n")))
        }
    }

    /// API and fetch clients that ask for JSON rather than a page.
    private func wantsJSON(_ request: Request) -> Bool {
        let accept = request.headers[.accept] ?? ""
        return request.uri.path.hasPrefix("/api/") || (accept.contains("application/json") && !accept.contains("text/html"))
    }
}

extension ErrorPageMiddleware {
    /// What went wrong, in words for a learner.
    struct Failure {
        let status: HTTPResponse.Status
        let title: String
        let message: String
        var retryAfter = "5"

        init(_ error: any Error) {
            if let unavailable = ServiceUnavailable.from(error) {
                status = .serviceUnavailable
                title = "BandUp is taking a short break"
                message = "Part of BandUp (\(unavailable.service == "Redis" ? "our session store" : "our database")) is not answering right now. Nothing you saved is lost. Please try again in a moment."
            } else if let limited = error as? RateLimited {
                status = .tooManyRequests
                title = "Slow down a little"
                message = "You have made a lot of requests in a short time. Please wait a minute and try again."
                retryAfter = String(limited.retryAfterSeconds)
            } else if error is CSRFRejected {
                status = .forbidden
                title = "This form could not be sent"
                message = "It may have been open for too long, or it came from another site. Go back, reload the page and try again."
            } else if let http = error as? any HTTPResponseError {
                status = http.status
                (title, message) = Self.words(for: http.status, detail: (error as? HTTPError)?.body)
            } else {
                status = .internalServerError
                (title, message) = Self.words(for: .internalServerError, detail: nil)
            }
        }

        static func words(for status: HTTPResponse.Status, detail: String?) -> (String, String) {
            switch status.code {
            case 403: ("Not allowed", detail ?? "Your account cannot open this page.")
            case 404: ("Page not found", "We could not find that page. It may have moved, or the address may be mistyped.")
            case 405: ("Not allowed here", "That page does not accept this kind of request.")
            case 400..<500: (status.reasonPhrase, detail ?? "The request could not be handled. Please check it and try again.")
            default: ("Something went wrong", "An unexpected error stopped this page. We have logged it; please try again. If it keeps happening, tell us the request id below.")
            }
        }

        func json(requestID: String) -> Response {
            let body = "{\"error\":{\"status\":\(status.code),\"title\":\(JSONLogHandler.quoted(title)),\"message\":\(JSONLogHandler.quoted(message)),\"request_id\":\(JSONLogHandler.quoted(requestID))}}\n"
            return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: .init(string: body)))
        }
    }
}
