import Auth
import Foundation
import Hummingbird
import Templates

/// The account's personal access tokens for the JSON API: the list (name, scopes, when made,
/// last used, expiry), a form to make one (shown once, right after, and never again: only its
/// hash is kept), and revoking one.
struct AccessTokensController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages
    let log: SecurityLog
    /// Publishing tokens need a session that passed two-step verification.
    let staff: StaffSecondStep

    /// How long a new token lasts: the choices on the form, in days (0: until revoked).
    static let lifetimes = [30, 90, 365, 0]

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("account/tokens") { request, context in try await page(request, context: context) }
        router.post("account/tokens") { request, context in try await create(request, context: context) }
        router.post("account/tokens/:id/revoke") { _, context in try await revoke(context) }
    }

    var store: AccessTokens { AccessTokens(client: backends.postgres) }

    private func page(_ request: Request, context: WebContext, secret: String? = nil, errors: [String: String] = [:], form: FormFields? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        let store = store, now = Date()
        let tokens = try await backends.database { _ in try await store.list(userID: user.id) }
        let chosen = Set(form?.all("scopes") ?? ["read"])
        var response = try await pages.render("accounts/tokens.html", [
            "secret": secret.map { .string($0) } ?? .null,
            "tokens": .array(tokens.map { token in
                .dictionary([
                    "id": .int(Int(token.id)), "name": .string(token.name), "prefix": .string(token.prefix),
                    "scopes": .string(token.scopes.map(\.rawValue).sorted().joined(separator: ", ")), "created": .date(token.createdAt),
                    "lastUsed": token.lastUsedAt.map { .date($0) } ?? .null, "expires": token.expiresAt.map { .date($0) } ?? .null,
                    "state": .string(token.revokedAt != nil ? "revoked" : token.isActive(at: now) ? "active" : "expired"),
                    "active": .bool(token.isActive(at: now)),
                ])
            }),
            "scopes": .array(TokenScope.allCases.filter { user.role.includes($0.role) }.map { scope in
                .dictionary(["value": .string(scope.rawValue), "summary": .string(scope.summary), "checked": .bool(chosen.contains(scope.rawValue))])
            }),
            "lifetimes": .array(Self.lifetimes.map { days in
                .dictionary(["value": .int(days), "label": .string(days == 0 ? "Until I revoke it" : "\(days) days"),
                             "selected": .bool(String(days) == (form?["days"] ?? "90"))])
            }),
            "name": .string(form?["name"] ?? ""),
            "errors": .dictionary(errors.mapValues { .string($0) }),
            "verified": .bool(user.isEmailVerified),
        ], request: request, context: context, path: "/account", flash: flash, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func create(_ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        // A token acts without a password: only an account whose address is confirmed may make one.
        guard user.isEmailVerified else {
            return try await page(request, context: context, errors: ["name": "Confirm your email address first (see your account page)."],
                                  status: .forbidden)
        }
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let scopes = Set(form.all("scopes").compactMap(TokenScope.init(rawValue:)))
        if scopes.contains(.contentWrite), user.role != .learner {  // a learner is told the role is missing
            // A publishing token is as strong as publishing itself: made only after the second step.
            do { try await staff.require(context) } catch let refusal as HTTPError {
                return try await page(request, context: context, errors: ["scopes": refusal.body ?? StaffSecondStep.message], form: form, status: .forbidden)
            }
        }
        let days = Int(form.text("days")).flatMap { Self.lifetimes.contains($0) ? $0 : nil } ?? 90
        let expires = days == 0 ? nil : Date().addingTimeInterval(Double(days) * 86_400)
        let store = store, name = form.text("name")
        do {
            let (token, secret) = try await backends.database { _ in
                try await store.create(userID: user.id, role: user.role, name: name, scopes: scopes, expiresAt: expires)
            }
            context.logger.notice("audit: access token created", metadata: ["user_id": "\(user.id)", "token": "\(token.id)", "scopes": "\(token.scopes.map(\.rawValue).sorted())"])
            await log.record(.tokenCreated, userID: user.id, client: context.clientAddress ?? "",
                             device: DeviceName.describe(request.headers[.userAgent] ?? ""), detail: token.name)
            return try await page(request, context: context, secret: secret, status: .created)
        } catch let error as AccountError {
            return try await page(request, context: context, errors: error.fieldMessages, form: form, status: .unprocessableContent)
        }
    }

    private func revoke(_ context: WebContext) async throws -> Response {
        guard let user = context.user, let id = context.parameters.get("id").flatMap({ Int64($0) }) else { throw HTTPError(.notFound) }
        let store = store
        guard try await backends.database({ _ in try await store.revoke(id: id, userID: user.id) }) else { throw HTTPError(.notFound) }
        context.logger.notice("audit: access token revoked", metadata: ["user_id": "\(user.id)", "token": "\(id)"])
        await log.record(.tokenRevoked, userID: user.id, client: context.clientAddress ?? "", detail: "token \(id)")
        return try await flash.redirect(to: "/account/tokens", .success, "The token is revoked: it no longer works.")
    }
}
