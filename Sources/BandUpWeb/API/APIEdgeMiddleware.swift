import API
import HTTPTypes
import Hummingbird

/// Everything under `/api/` before and after the operations: CORS for the configured origins
/// (preflight answered here), and a problem+json answer for an address no operation serves (404)
/// or a method the address does not take (405 with `Allow`). Never an HTML page under `/api`.
struct APIEdgeMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let contract: APIContract
    /// Origins whose pages may call the API (`API_CORS_ORIGINS`).
    let origins: Set<String>
    let typeBase: String

    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, If-None-Match, Last-Event-ID"
    static let exposedHeaders = "ETag, Location, RateLimit, RateLimit-Policy, Retry-After, Idempotent-Replayed, X-Request-Id"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") else { return try await next(request, context) }
        let origin = request.headers[.origin].map { $0.lowercased() }
        let allowed = origin.map(origins.contains) ?? false
        var response: Response
        if request.method == .options {
            let methods = methods(for: path)
            response = Response(status: methods.isEmpty ? .notFound : .noContent)
            if !methods.isEmpty { response.headers[.allow] = (methods + ["OPTIONS"]).joined(separator: ", ") }
            if allowed, !methods.isEmpty {
                response.headers[.accessControlAllowMethods] = methods.filter { $0 != "HEAD" }.joined(separator: ", ")
                response.headers[.accessControlAllowHeaders] = Self.allowedHeaders
                response.headers[.accessControlMaxAge] = "600"
            }
        } else {
            do {
                response = try await next(request, context)
            } catch {
                let methods = methods(for: path)
                let problem = methods.isEmpty || (error as? HTTPError)?.status != .notFound
                    ? (Problem.from(error).kind == .notFound ? Problem(.notFound, "No API operation is at \(path). The operations are listed in /api/v1/openapi.yaml.") : Problem.from(error))
                    : Problem(.methodNotAllowed, "\(path) takes \(methods.joined(separator: ", ")), not \(request.method.rawValue).")
                response = problem.response(typeBase: typeBase, instance: path, headers: problem.kind == .methodNotAllowed ? [.allow: methods.joined(separator: ", ")] : [:])
            }
        }
        if allowed, let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        if !origins.isEmpty { response.headers[values: .vary].append("Origin") }
        return response
    }

    /// The methods the contract serves at `path` (with HEAD for GET, as Hummingbird answers it).
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: [String] = []
        for operation in contract.operations {
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == parts.count, zip(template, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) else { continue }
            methods.append(operation.method)
            if operation.method == "GET" { methods.append("HEAD") }
        }
        return methods
    }
}
