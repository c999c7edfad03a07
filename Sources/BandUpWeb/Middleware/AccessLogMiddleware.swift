import Foundation
import Hummingbird
import Logging

/// One log line per request once its response is ready: method, path (no query: it may carry
/// tokens), status, duration, client and request id.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: started)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: WebContext, status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("\(request.method) \(request.uri.path) \(status)", metadata: [
            "http_method": .string(request.method.rawValue),
            "http_path": .string(request.uri.path),
            "http_status": .stringConvertible(status),
            "duration_ms": .string(String(format: "%.2f", milliseconds)),
            "client": .string(context.clientAddress ?? "-"),
        ])
    }
}
