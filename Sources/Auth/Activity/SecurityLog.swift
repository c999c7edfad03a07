import FoundationEssentials
import Logging
import PostgresNIO

/// One thing that happened to an account and matters for its safety.
public struct SecurityEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case signedIn = "signed-in"
        case signInFailed = "sign-in-failed"
        case passwordChanged = "password-changed"
        case passwordReset = "password-reset"
        case emailConfirmed = "email-confirmed"
        case emailChanged = "email-changed"
        case emailChangeUndone = "email-change-undone"
        case tokenCreated = "token-created"
        case tokenRevoked = "token-revoked"
        case roleChanged = "role-changed"
        case signedOutEverywhere = "signed-out-everywhere"
        case dataDownloaded = "data-downloaded"
        case twoFactorEnabled = "two-factor-enabled"
        case twoFactorDisabled = "two-factor-disabled"
        case twoFactorFailed = "two-factor-failed"
        case recoveryCodeUsed = "recovery-code-used"
        case recoveryCodesReplaced = "recovery-codes-replaced"
        case deletionRequested = "deletion-requested"
        case deletionCancelled = "deletion-cancelled"
        case googleLinked = "google-linked"
        case googleUnlinked = "google-unlinked"

        /// What a learner reads in their recent activity.
        public var summary: String {
            switch self {
            case .signedIn: "Signed in"
            case .signInFailed: "A wrong password was tried"
            case .passwordChanged: "Password changed"
            case .passwordReset: "Password reset through a mailed link"
            case .emailConfirmed: "Email address confirmed"
            case .emailChanged: "Email address changed"
            case .emailChangeUndone: "Email address change undone from the old address"
            case .tokenCreated: "API token made"
            case .tokenRevoked: "API token revoked"
            case .roleChanged: "Role changed by an admin"
            case .signedOutEverywhere: "Signed out on every other device"
            case .dataDownloaded: "All your data downloaded"
            case .twoFactorEnabled: "Two-step verification turned on"
            case .twoFactorDisabled: "Two-step verification turned off"
            case .twoFactorFailed: "A wrong two-step code was tried after the right password"
            case .recoveryCodeUsed: "A recovery code was used"
            case .recoveryCodesReplaced: "New recovery codes made (the old ones stopped working)"
            case .deletionRequested: "Deletion of the account asked for (every device signed out, every API token revoked)"
            case .deletionCancelled: "Deletion of the account cancelled"
            case .googleLinked: "Google account linked for signing in"
            case .googleUnlinked: "Google account unlinked"
            }
        }
    }

    public var id: Int64
    public var userID: Int64
    public var email: String
    public var kind: Kind
    public var client: String
    public var device: String
    public var detail: String
    public var at: Date
}

/// The accounts' security events in PostgreSQL (`security_events`). Recording never fails the
/// action it records: a lost event is logged, the sign-in still works.
public struct SecurityLog: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func record(_ kind: SecurityEvent.Kind, userID: Int64, client address: String = "", device: String = "", detail: String = "") async {
        do {
            try await client.query("""
                INSERT INTO security_events (user_id, kind, client, device, detail)
                VALUES (\(userID), \(kind.rawValue), \(String(address.prefix(100))), \(String(device.prefix(200))), \(String(detail.prefix(200))))
                """)
        } catch {
            logger.error("a security event was not recorded", metadata: ["kind": "\(kind.rawValue)", "user_id": "\(userID)", "error": "\(error)"])
        }
    }

    /// The account's newest events first.
    public func recent(userID: Int64, limit: Int = 10) async throws -> [SecurityEvent] {
        try await events(client.query("""
            SELECT e.id, e.user_id, u.email, e.kind, e.client, e.device, e.detail, e.at FROM security_events e JOIN users u ON u.id = e.user_id
            WHERE e.user_id = \(userID) ORDER BY e.at DESC, e.id DESC LIMIT \(limit)
            """))
    }

    /// Every account's newest events first (admins).
    public func recent(limit: Int = 100) async throws -> [SecurityEvent] {
        try await events(client.query("""
            SELECT e.id, e.user_id, u.email, e.kind, e.client, e.device, e.detail, e.at FROM security_events e JOIN users u ON u.id = e.user_id
            ORDER BY e.at DESC, e.id DESC LIMIT \(limit)
            """))
    }

    private func events(_ rows: PostgresRowSequence) async throws -> [SecurityEvent] {
        var events: [SecurityEvent] = []
        for try await (id, user, email, kind, address, device, detail, at) in rows.decode((Int64, Int64, String, String, String, String, String, Date).self) {
            guard let kind = SecurityEvent.Kind(rawValue: kind) else { continue }
            events.append(SecurityEvent(id: id, userID: user, email: email, kind: kind, client: address, device: device, detail: detail, at: at))
        }
        return events
    }
}
