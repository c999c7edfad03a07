import Auth
import Mail
import ServiceLifecycle
import Templates

/// Writes BandUp's mails from the templates `mail/NAME.txt` (the text part) and `mail/NAME.html`
/// (the HTML part), with the site's name and public address.
struct MailComposer: Sendable {
    let templates: TemplateLibrary
    let publicBaseURL: String

    func message(_ name: String, to recipient: String, subject: String, _ values: [String: TemplateValue]) throws -> MailMessage {
        var all = values
        all["site"] = .dictionary(["name": "BandUp", "url": .string(publicBaseURL)])
        all["subject"] = .string(subject)
        return MailMessage(to: recipient, subject: subject,
                           text: try templates.renderString("mail/\(name).txt", TemplateValue.dictionary(all)),
                           html: try templates.renderString("mail/\(name).html", TemplateValue.dictionary(all)))
    }

    /// An absolute link on the public site.
    func link(_ path: String) -> String { publicBaseURL + path }

    /// The mail that tells an owner someone keeps guessing their password.
    func guessing(_ user: User) throws -> MailMessage {
        try message("sign-in-guessing", to: user.email, subject: "Someone is trying to sign in to your BandUp account", [
            "name": .string(user.displayName), "link": .string(link("/password/forgot")), "account": .string(link("/account")),
        ])
    }

    /// The mail to a new address, with the link that makes it the account's.
    var emailChange: EmailChanges.Compose {
        { user, old, new, token in
            try message("email-change", to: new, subject: "Confirm your new email address for BandUp", [
                "name": .string(user.displayName), "old": .string(old), "new": .string(new),
                "link": .string(link("/email/change/confirm?token=\(token)")),
                "hours": .int(Int(EmailChanges.confirmLifetime.components.seconds) / 3600),
            ])
        }
    }

    /// The mail to the old address once the change is made, with the link that undoes it.
    var emailChanged: EmailChanges.Compose {
        { user, old, new, token in
            try message("email-changed", to: old, subject: "Your BandUp email address was changed", [
                "name": .string(user.displayName), "old": .string(old), "new": .string(new),
                "link": .string(link("/email/change/undo?token=\(token)")),
                "days": .int(Int(EmailChanges.undoLifetime.components.seconds) / 86_400),
            ])
        }
    }

    /// The mail that asks a learner to confirm their address with the link holding `token`.
    var confirmation: EmailVerifications.Compose {
        { user, token in
            try message("confirm-email", to: user.email, subject: "Confirm your email address for BandUp", [
                "name": .string(user.displayName), "link": .string(link("/email/confirm?token=\(token)")),
                "hours": .int(Int(EmailVerifications.lifetime.components.seconds) / 3600),
            ])
        }
    }

    /// The notice that the account will be deleted at `due`, and how to keep it.
    var accountDeletion: AccountDeletion.Compose {
        { user, due in
            try message("account-deletion", to: user.email, subject: "Your BandUp account will be deleted", [
                "name": .string(user.displayName), "due": .date(due),
                "link": .string(link("/sign-in?next=/account/delete")), "reset": .string(link("/password/forgot")),
            ])
        }
    }
}

/// Sends the outbox until shutdown (in `bandup serve` and `bandup worker` when `SMTP_URL` is set).
struct MailSenderService: Service {
    let sender: MailSender
    var every: Duration = .seconds(1)

    func run() async throws {
        let sender = sender, every = every
        await cancelWhenGracefulShutdown { await sender.run(every: every) }
    }
}
