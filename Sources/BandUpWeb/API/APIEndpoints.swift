import API
import Auth
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the contract's operations: each route comes from `openapi.yaml`, and every request
/// passes the same steps before its handler runs: the token (and the rate limits, counted for
/// the address and the token in one Redis round trip), the scopes the operation names, the
/// parameters and the body checked against their schemas, and the Idempotency-Key. Any error
/// becomes an `application/problem+json` answer. Session cookies play no part.
struct APIEndpoints: Sendable {
    let contract: APIContract
    let backends: Backends
    let limits: APIRateLimits
    /// Where the problem types' documentation is (`…/developers/api`).
    let typeBase: String

    /// The largest JSON body any operation takes, and the largest form (a recording).
    static let jsonLimit = 2 * 1024 * 1024, formLimit = 11 * 1024 * 1024

    /// Adds a route for every operation; a handler without an operation, or an operation without
    /// a handler, stops the server from starting (the contract and the code cannot drift).
    func register(_ handlers: [String: APIHandler], on router: Router<WebContext>) throws {
        let ids = Set(contract.operations.map(\.id))
        if let extra = handlers.keys.sorted().first(where: { !ids.contains($0) }) { throw ContractError("a handler for \(extra), which openapi.yaml does not have") }
        for operation in contract.operations {
            guard let handler = handlers[operation.id] else { throw ContractError("openapi.yaml's \(operation.id) has no handler") }
            router.on(RouterPath(operation.routerPath), method: HTTPRequest.Method(operation.method)!) { request, context in
                await serve(operation, handler, request: request, context: context)
            }
        }
    }

    private func serve(_ operation: APIContract.Operation, _ handler: APIHandler, request: Request, context: WebContext) async -> Response {
        var limitHeaders = HTTPFields()
        do {
            let (token, user) = try await authenticate(request, context: context, operation: operation, limitHeaders: &limitHeaders)
            var request = request
            let (path, query) = try parameters(request, context: context, operation: operation)
            let (body, raw) = try await read(&request, operation: operation)
            let call = APICall(request: request, context: context, operation: operation, token: token, account: user, path: path, query: query, body: body)
            var response: Response
            if operation.method == "POST", let key = request.headers[HTTPField.Name("Idempotency-Key")!], let user {
                var fingerprint = SHA256()
                fingerprint.update(data: Array("\(operation.id) \(request.uri.path)\n".utf8))
                fingerprint.update(data: raw)
                response = try await APIIdempotency(backends: backends).run(key: key, userID: user.id, request: Array(fingerprint.finalize()),
                                                                            refusal: { problem(for: $0, request: request, context: context) }) {
                    try await handler(call)
                }
            } else {
                response = try await handler(call)
            }
            response.headers.append(contentsOf: limitHeaders)
            return response
        } catch {
            var response = problem(for: error, request: request, context: context)
            response.headers.append(contentsOf: limitHeaders)
            return response
        }
    }

    /// The problem an error amounts to, logged as it deserves and written as problem+json.
    func problem(for error: any Error, request: Request, context: WebContext) -> Response {
        let problem = Problem.from(error)
        switch problem.status {
        case 500...: context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
        case 503: context.logger.warning("\(request.method) \(request.uri.path): \(error)")
        default: break
        }
        var headers = HTTPFields()
        if problem.kind == .unauthorized {
            headers[.wwwAuthenticate] = request.headers[.authorization] == nil ? "Bearer realm=\"BandUp API\"" : "Bearer realm=\"BandUp API\", error=\"invalid_token\""
        }
        if problem.kind == .insufficientScope {
            headers[.wwwAuthenticate] = "Bearer realm=\"BandUp API\", error=\"insufficient_scope\""
        }
        return problem.response(typeBase: typeBase, instance: request.uri.path, headers: headers)
    }

    /// The token and its account (for an operation that needs one), after the rate limits.
    private func authenticate(_ request: Request, context: WebContext, operation: APIContract.Operation,
                              limitHeaders: inout HTTPFields) async throws -> (AccessToken?, User?) {
        var found: (AccessToken, User)?
        let header = request.headers[.authorization]
        if operation.scopes != nil, let header {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let secret = parts[1].trimmingCharacters(in: .whitespaces), postgres = backends.postgres
                found = try await backends.database { _ in try await AccessTokens(client: postgres).authenticate(secret) }
            }
        }
        let count = try await limits.count(address: context.clientAddress ?? "unknown", tokenID: found?.0.id)
        limitHeaders = count.headers
        if count.isOver {
            throw Problem(.rateLimited, "Over the limit of \(count.token.map { "\($0.limit) requests a minute for this token" } ?? "\(count.address.limit) requests a minute from this address"). Wait \(count.reset) seconds.")
        }
        guard let scopes = operation.scopes else { return (nil, nil) }
        guard let (token, user) = found else {
            throw Problem(.unauthorized, header == nil
                ? "Send a personal access token as 'Authorization: Bearer bu_…' (create one on your account page)."
                : "The access token is not valid: it is unknown, revoked or expired, or not sent as 'Bearer <token>'.")
        }
        let missing = scopes.filter { name in !token.scopes.contains { $0.rawValue == name } }
        if !missing.isEmpty {
            throw Problem(.insufficientScope, "This needs a token with the scope \(missing.joined(separator: ", ")); this one has \(token.scopes.map(\.rawValue).sorted().joined(separator: ", ")).")
        }
        let needed = scopes.compactMap(TokenScope.init(rawValue:)).map(\.role).max() ?? .learner
        if !user.role.includes(needed) {
            throw Problem(.forbidden, "Only \(needed == .admin ? "admins" : "editors and admins") may do this.")
        }
        return (token, user)
    }

    /// The path and query parameters, checked against their schemas.
    private func parameters(_ request: Request, context: WebContext, operation: APIContract.Operation) throws -> ([String: String], [String: String]) {
        var path: [String: String] = [:]
        for parameter in operation.parameters where parameter.location == .path {
            path[parameter.name] = context.parameters.get(parameter.name)?.removingPercentEncoding ?? ""
        }
        let query = FormFields(request.uri.query ?? "").all
        var problems = operation.problems(path: path, query: query)
        for parameter in operation.parameters where parameter.location == .header {
            guard let value = request.headers[HTTPField.Name(parameter.name)!] else { continue }
            problems += parameter.schema.problems(.string(value), at: parameter.name, limit: 3)
        }
        if !problems.isEmpty {
            throw Problem(.validation, "\(problems.count == 1 ? "A parameter does" : "Some parameters do") not match the contract.", errors: problems)
        }
        return (path, query.compactMapValues(\.first))
    }

    /// The body in the operation's media type, checked against its schema, and its bytes.
    private func read(_ request: inout Request, operation: APIContract.Operation) async throws -> (APIBody, [UInt8]) {
        guard !operation.bodies.isEmpty else { return (.none, []) }
        let declared = request.headers[.contentType] ?? ""
        let type = declared.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let (_, schema) = operation.bodies.first(where: { $0.type == type }) else {
            throw Problem(.unsupportedMediaType, "Send the body as \(operation.bodies.map(\.type).joined(separator: " or ")), not \(type.isEmpty ? "without a Content-Type" : type).")
        }
        let limit = type == "multipart/form-data" ? Self.formLimit : Self.jsonLimit
        let bytes: [UInt8]
        do { bytes = Array(buffer: try await request.collectBody(upTo: limit)) } catch is NIOTooManyBytesError {
            throw Problem(.tooLarge, "The body is larger than the \(limit / 1024 / 1024) MB this takes.")
        }
        if type == "application/json" {
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch {
                throw Problem(.malformedJSON, "The body is not valid JSON: \(error.description).", errors: [SchemaProblem(field: "", message: error.description)])
            }
            try check(value, against: schema)
            return (.json(value), bytes)
        }
        guard let boundary = MultipartForm.boundary(of: declared) else {
            throw Problem(.validation, "A multipart/form-data body needs its boundary in the Content-Type.")
        }
        let form: MultipartForm
        do { form = try MultipartForm(bytes, boundary: boundary) } catch {
            throw Problem(.validation, "The form cannot be read: \(error.description).")
        }
        // The schema sees each field as text; a file's bytes as a string it does not read.
        var members: [(String, JSONValue)] = []
        for part in form.parts {
            guard !members.contains(where: { $0.0 == part.name }) else { throw Problem(.validation, "The form has the field '\(part.name)' twice.") }
            let text = part.filename == nil ? part.text : nil
            if part.filename == nil, text == nil, part.name != "recording" { throw Problem(.validation, "The form's field '\(part.name)' is not UTF-8 text.") }
            members.append((part.name, .string(text ?? "")))
        }
        try check(.object(members), against: schema)
        return (.form(form), bytes)
    }

    private func check(_ value: JSONValue, against schema: JSONSchema) throws {
        let problems = schema.problems(value)
        if !problems.isEmpty {
            throw Problem(.validation, "The body does not match the contract: \(problems.prefix(3).map(\.description).joined(separator: "; ")).", errors: problems)
        }
        if let field = Self.nulField(value, at: "") {
            throw Problem(.unprocessable, "Text may not contain the NUL character (U+0000), which BandUp cannot store.",
                          errors: [SchemaProblem(field: field, message: "contains U+0000")])
        }
    }

    /// The first field whose text (or name) holds U+0000, which PostgreSQL's text cannot store.
    static func nulField(_ value: JSONValue, at path: String) -> String? {
        switch value {
        case .string(let text): return text.unicodeScalars.contains("\u{0}") ? path : nil
        case .array(let items): return items.enumerated().lazy.compactMap { nulField($1, at: "\(path)/\($0)") }.first
        case .object(let members):
            return members.lazy.compactMap { name, member in
                name.unicodeScalars.contains("\u{0}") ? "\(path)/\(name)" : nulField(member, at: "\(path)/\(name)")
            }.first
        default: return nil
        }
    }
}
