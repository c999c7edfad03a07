import FoundationEssentials
import NIOCore
import PostgresNIO

/// Personal access tokens in PostgreSQL. Every statement is parameterised.
public struct AccessTokens: Sendable {
    let client: PostgresClient

    public init(client: PostgresClient) { self.client = client }

    /// At most this many live tokens per account.
    public static let perAccount = 20

    private static let columns = "id, user_id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at"

    /// A new token for the account: the stored record and the secret, which is shown once and
    /// never again. Scopes above the account's role are refused.
    public func create(userID: Int64, role: Role, name: String, scopes: Set<TokenScope>, expiresAt: Date?) async throws -> (AccessToken, secret: String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(name.count) else { throw AccountError.invalid(field: "name", message: "Give the token a name of 1 to 60 characters, such as the app that will use it.") }
        guard !scopes.isEmpty else { throw AccountError.invalid(field: "scopes", message: "Choose at least one thing the token may do.") }
        guard scopes.allSatisfy({ role.includes($0.role) }) else {
            throw AccountError.invalid(field: "scopes", message: "Only editors and admins can create a token that publishes lessons.")
        }
        let live = try await list(userID: userID).filter { $0.isActive(at: Date()) }.count
        guard live < Self.perAccount else {
            throw AccountError.invalid(field: "name", message: "You have \(Self.perAccount) tokens already. Revoke one you no longer use first.")
        }
        let secret = AccessToken.newSecret()
        let hash = AccessToken.hash(secret)
        let prefix = String(secret.prefix(AccessToken.marker.count + 6))
        let rows = try await client.query("""
            INSERT INTO access_tokens (user_id, name, prefix, secret_hash, scopes, expires_at)
            VALUES (\(userID), \(name), \(prefix), \(ByteBuffer(bytes: hash)), \(scopes.map(\.rawValue).sorted()), \(expiresAt))
            RETURNING \(unescaped: Self.columns)
            """)
        guard let token = try await Self.tokens(rows).first else { throw AccountError.notFound }
        return (token, secret)
    }

    /// The account's tokens, newest first, revoked ones included.
    public func list(userID: Int64) async throws -> [AccessToken] {
        try await Self.tokens(client.query("SELECT \(unescaped: Self.columns) FROM access_tokens WHERE user_id = \(userID) ORDER BY created_at DESC, id DESC"))
    }

    /// Revokes one of the account's tokens; false when it has no such live token.
    public func revoke(id: Int64, userID: Int64) async throws -> Bool {
        try await Self.tokens(client.query("""
            UPDATE access_tokens SET revoked_at = now() WHERE id = \(id) AND user_id = \(userID) AND revoked_at IS NULL RETURNING \(unescaped: Self.columns)
            """)).first != nil
    }

    /// The live token whose secret this is, with its account, marking it used (at most once a
    /// minute, so a busy client costs one read per request, not a write); nil for anything else.
    public func authenticate(_ secret: String) async throws -> (AccessToken, User)? {
        guard AccessToken.looksLikeSecret(secret) else { return nil }
        let rows = try await client.query("""
            SELECT t.id, t.user_id, t.name, t.prefix, t.scopes, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
                   u.email, u.display_name, u.role, u.target_band::float8, to_char(u.exam_date, 'YYYY-MM-DD'), u.created_at, u.last_sign_in_at,
                   u.password_changed_at, u.email_verified_at
            FROM access_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.secret_hash = \(ByteBuffer(bytes: AccessToken.hash(secret))) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
            """)
        for try await (id, userID, name, prefix, scopes, created, expires, used, revoked, email, displayName, role, band, exam, joined, signedIn, changed,
                       verified) in
            rows.decode((Int64, Int64, String, String, [String], Date, Date?, Date?, Date?, String, String, String, Double?, String?, Date, Date?, Date,
                         Date?).self) {
            let token = AccessToken(id: id, userID: userID, name: name, prefix: prefix, scopes: Set(scopes.compactMap(TokenScope.init(rawValue:))),
                                    createdAt: created, expiresAt: expires, lastUsedAt: used, revokedAt: revoked)
            if used.map({ $0 < Date().addingTimeInterval(-60) }) ?? true {
                try await client.query("UPDATE access_tokens SET last_used_at = now() WHERE id = \(id)")
            }
            return (token, UserStore.user(userID, email, displayName, role, band, exam, joined, signedIn, changed, verified))
        }
        return nil
    }

    static func tokens(_ rows: PostgresRowSequence) async throws -> [AccessToken] {
        var all: [AccessToken] = []
        for try await (id, userID, name, prefix, scopes, created, expires, used, revoked) in
            rows.decode((Int64, Int64, String, String, [String], Date, Date?, Date?, Date?).self) {
            all.append(AccessToken(id: id, userID: userID, name: name, prefix: prefix, scopes: Set(scopes.compactMap(TokenScope.init(rawValue:))),
                                   createdAt: created, expiresAt: expires, lastUsedAt: used, revokedAt: revoked))
        }
        return all
    }
}
