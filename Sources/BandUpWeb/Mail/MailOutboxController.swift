import Hummingbird
import Mail
import Templates

/// The outbox seen by people: admins watch what went out and what is stuck, and send a dead
/// message again (`/admin/mail`); in development with no `SMTP_URL`, `/dev/mail` shows the
/// messages that would have gone out, links and all (never in production).
struct MailOutboxController {
    let pages: PageRenderer
    let outbox: MailOutbox
    let backends: Backends
    let flash: FlashMessages
    /// Whether a sender is running (an SMTP server is configured).
    let sending: Bool

    func addAdminRoutes(to router: some RouterMethods<WebContext>) {
        router.get("admin/mail") { request, context in
            let outbox = outbox
            let (mails, counts) = try await backends.database { _ in (try await outbox.recent(limit: 100), try await outbox.counts()) }
            let (messages, clear) = try await flash.take(from: request)
            var response = try pages.render("admin/mail.html", [
                "mails": .array(mails.map(Self.value)), "sending": .bool(sending),
                "counts": .dictionary(["waiting": .int(counts.waiting), "sentToday": .int(counts.sentToday), "dead": .int(counts.dead)]),
            ], context: context, path: request.uri.path, flash: messages)
            if let clear { response.setCookie(clear) }
            return response
        }
        router.post("admin/mail/:id/retry") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            let outbox = outbox
            try await backends.database { _ in try await outbox.retry(id: id) }
            context.logger.notice("audit: mail sent again", metadata: ["mail": "\(id)", "by": "\(context.user?.id ?? 0)"])
            var response = Response.redirect(to: "/admin/mail", type: .normal)
            response.setCookie(try await flash.store([FlashMessage(kind: .success, text: "The message is back in the queue.")]))
            return response
        }
    }

    func addDevelopmentRoutes(to router: some RouterMethods<WebContext>) {
        router.get("dev/mail") { request, context in
            let outbox = outbox
            let mails = try await backends.database { _ in try await outbox.recent(limit: 50) }
            return try pages.render("dev/mail.html", ["mails": .array(mails.map(Self.value))], context: context, path: request.uri.path)
        }
    }

    static func value(_ mail: OutboxMail) -> TemplateValue {
        .dictionary([
            "id": .int(Int(mail.id)), "kind": .string(mail.kind), "to": .string(mail.message.to), "subject": .string(mail.message.subject),
            "text": .string(mail.message.text), "html": .string(mail.message.html), "created": .date(mail.createdAt),
            "status": .string(mail.status), "attempts": .int(mail.attempts), "error": .string(mail.lastError ?? ""),
            "next": .date(mail.nextAttemptAt),
        ])
    }
}
