import Auth
import Hummingbird
import Templates

/// Admins list accounts, change roles and read every account's recent security events. A role change ends the account's sessions, so its next
/// session (with the new role) has a new id.
struct AdminUsersController {
    let pages: PageRenderer
    let users: UserStore
    let sessions: SessionStore
    let backends: Backends
    let flash: FlashMessages
    let log: SecurityLog

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("admin/users") { request, context in
            let users = users, log = log
            let (list, events) = try await backends.database { _ in (try await users.all(), try await log.recent(limit: 100)) }
            let (messages, clear) = try await flash.take(from: request)
            var response = try pages.render("admin/users.html", [
                "accounts": .array(list.map { user in
                    .dictionary(["id": .int(Int(user.id)), "name": .string(user.displayName), "email": .string(user.email),
                                 "role": .string(user.role.rawValue), "created": .date(user.createdAt),
                                 "isSelf": .bool(user.id == context.user?.id)])
                }),
                "roles": .array(Role.allCases.map { .string($0.rawValue) }),
                "activity": .array(events.map(AccountController.value)),
            ], context: context, path: request.uri.path, flash: messages)
            if let clear { response.setCookie(clear) }
            return response
        }
        router.post("admin/users/:id/role") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            guard let role = Role(rawValue: form.text("role")) else { throw HTTPError(.badRequest, message: "Choose learner, editor or admin.") }
            guard id != context.user?.id else { throw HTTPError(.badRequest, message: "You cannot change your own role; ask another admin.") }
            let users = users, sessions = sessions
            guard let account = try await backends.database({ _ in try await users.find(id: id) }) else { throw HTTPError(.notFound) }
            try await backends.database { _ in try await users.setRole(id: id, role: role) }
            try await backends.cache { _ in try await sessions.endAll(userID: id) }
            await log.record(.roleChanged, userID: id, client: context.clientAddress ?? "",
                             detail: "\(account.role.rawValue) to \(role.rawValue) by \(context.user?.email ?? "an admin")")
            context.logger.notice("audit: role changed", metadata: ["user_id": "\(id)", "from": "\(account.role.rawValue)", "to": "\(role.rawValue)",
                                                                   "by": "\(context.user?.id ?? 0)"])
            var response = Response.redirect(to: "/admin/users", type: .normal)
            response.setCookie(try await flash.store([FlashMessage(kind: .success, text: "\(account.displayName) is now \(role == .learner ? "a" : "an") \(role.rawValue).")]))
            return response
        }
    }
}
