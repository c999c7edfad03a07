import Crypto
import FoundationEssentials
import Logging
import PostgresNIO

/// Two-step verification for an account: an authenticator app's codes (``TOTP``) and ten recovery
/// codes, in PostgreSQL (`two_factor`, `recovery_codes`). A code is accepted at most once (its
/// step is stored with a compare-and-set), a recovery code once (only its SHA-256 is kept).
public struct TwoFactor: Sendable {
    /// Where an account stands.
    public enum Status: Sendable, Equatable {
        case off
        /// Set-up started: the secret is shown, no right code typed yet.
        case pending(secret: [UInt8])
        case on(since: Date, recoveryCodesLeft: Int)

        public var isOn: Bool { if case .on = self { true } else { false } }
    }

    let client: PostgresClient
    let logger: Logger
    let log: SecurityLog?
    let now: @Sendable () -> Date
    /// The name authenticator apps show beside the account.
    public let issuer: String
    public static let recoveryCodeCount = 10

    public init(client: PostgresClient, logger: Logger, log: SecurityLog? = nil, issuer: String = "BandUp",
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.logger = logger
        self.log = log
        self.issuer = issuer
        self.now = now
    }

    public func status(userID: Int64) async throws -> Status {
        let rows = try await client.query("""
            SELECT t.secret, t.confirmed_at, (SELECT count(*) FROM recovery_codes r WHERE r.user_id = t.user_id AND r.used_at IS NULL)
            FROM two_factor t WHERE t.user_id = \(userID)
            """)
        for try await (secret, confirmed, left) in rows.decode((ByteBuffer, Date?, Int64).self) {
            if let confirmed { return .on(since: confirmed, recoveryCodesLeft: Int(left)) }
            return .pending(secret: Array(buffer: secret))
        }
        return .off
    }

    /// Whether the account signs in with a second step (staff need this to publish or manage users).
    public func isOn(userID: Int64) async throws -> Bool {
        try await status(userID: userID).isOn
    }

    /// Starts set-up: a new secret to show (kept until confirmed; starting again replaces it).
    /// Nothing changes for an account that already has two-step verification on.
    public func begin(userID: Int64) async throws -> [UInt8] {
        if case .pending(let secret) = try await status(userID: userID) { return secret }
        let secret = TOTP.newSecret()
        try await client.query("""
            INSERT INTO two_factor (user_id, secret) VALUES (\(userID), \(ByteBuffer(bytes: secret)))
            ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_step = 0
            WHERE two_factor.confirmed_at IS NULL
            """)
        return secret
    }

    /// Turns two-step verification on when `code` is right for the secret being set up; returns
    /// the recovery codes, to be shown once. Nil for a wrong code (or no set-up in progress).
    public func confirm(userID: Int64, code: String, client address: String = "", device: String = "") async throws -> [String]? {
        guard case .pending(let secret) = try await status(userID: userID),
              let step = TOTP(secret: secret).matchingStep(code, at: now()) else { return nil }
        let codes = (0..<Self.recoveryCodeCount).map { _ in RecoveryCode.make() }
        let confirmed = try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE two_factor SET confirmed_at = now(), last_step = \(step) WHERE user_id = \(userID) AND confirmed_at IS NULL RETURNING user_id
                """, logger: logger)
            guard try await rows.collect().count == 1 else { return false }
            try await Self.replaceRecoveryCodes(codes, userID: userID, on: connection, logger: logger)
            // Publishing tokens made before (perhaps by whoever had only the password) stop working;
            // new ones are made from a session that passed the second step.
            try await connection.query("""
                UPDATE access_tokens SET revoked_at = now() WHERE user_id = \(userID) AND 'content:write' = ANY(scopes) AND revoked_at IS NULL
                """, logger: logger)
            return true
        }
        guard confirmed else { return nil }
        await log?.record(.twoFactorEnabled, userID: userID, client: address, device: device)
        logger.notice("audit: two-step verification on", metadata: ["user_id": "\(userID)"])
        return codes
    }

    /// How a second step was passed.
    public enum Proof: Sendable, Equatable { case appCode, recoveryCode }

    /// Checks a code from the app (a step not used before) or an unused recovery code, and uses it
    /// up. Nil when it is neither.
    public func verify(userID: Int64, code: String) async throws -> Proof? {
        guard case .on = try await status(userID: userID) else { return nil }
        let rows = try await client.query("SELECT secret FROM two_factor WHERE user_id = \(userID)")
        var secret: [UInt8] = []
        for try await value in rows.decode(ByteBuffer.self) { secret = Array(buffer: value) }
        if let step = TOTP(secret: secret).matchingStep(code, at: now()) {
            // Compare-and-set: the same code (or an older one) is refused however quickly it is replayed.
            let used = try await client.query("""
                UPDATE two_factor SET last_step = \(step) WHERE user_id = \(userID) AND last_step < \(step) RETURNING user_id
                """)
            return try await used.collect().isEmpty ? nil : .appCode
        }
        guard let normalised = RecoveryCode.normalised(code) else { return nil }
        let used = try await client.query("""
            UPDATE recovery_codes SET used_at = now()
            WHERE user_id = \(userID) AND code_hash = \(RecoveryCode.hash(normalised)) AND used_at IS NULL RETURNING user_id
            """)
        guard try await !used.collect().isEmpty else { return nil }
        await log?.record(.recoveryCodeUsed, userID: userID)
        return .recoveryCode
    }

    /// New recovery codes replacing the old ones (which stop working), to be shown once.
    public func newRecoveryCodes(userID: Int64, client address: String = "", device: String = "") async throws -> [String] {
        let codes = (0..<Self.recoveryCodeCount).map { _ in RecoveryCode.make() }
        try await client.transaction(logger: logger) { connection in
            try await Self.replaceRecoveryCodes(codes, userID: userID, on: connection, logger: logger)
        }
        await log?.record(.recoveryCodesReplaced, userID: userID, client: address, device: device)
        return codes
    }

    /// Turns two-step verification off (the caller has checked the password and a code).
    public func turnOff(userID: Int64, client address: String = "", device: String = "") async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("DELETE FROM recovery_codes WHERE user_id = \(userID)", logger: logger)
            try await connection.query("DELETE FROM two_factor WHERE user_id = \(userID)", logger: logger)
        }
        await log?.record(.twoFactorDisabled, userID: userID, client: address, device: device)
        logger.notice("audit: two-step verification off", metadata: ["user_id": "\(userID)"])
    }

    private static func replaceRecoveryCodes(_ codes: [String], userID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM recovery_codes WHERE user_id = \(userID)", logger: logger)
        for code in codes {
            try await connection.query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (\(userID), \(RecoveryCode.hash(code)))", logger: logger)
        }
    }
}

/// A recovery code: ten characters of Crockford's base32 alphabet (no i, l, o, u: 50 bits), shown as
/// `abcde-fghij`; typed with or without the dash, in either case.
enum RecoveryCode {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<10).map { _ in Character(UnicodeScalar(alphabet[Int.random(in: 0..<32, using: &generator)])) }
        return String(letters[0..<5]) + "-" + String(letters[5...])
    }

    /// `abcde-fghij` from what was typed, or nil if it cannot be a recovery code.
    static func normalised(_ typed: String) -> String? {
        let letters = typed.lowercased().filter { !$0.isWhitespace && $0 != "-" }
        guard letters.count == 10, letters.utf8.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return String(letters.prefix(5)) + "-" + String(letters.suffix(5))
    }

    static func hash(_ code: String) -> ByteBuffer { ByteBuffer(bytes: SHA256.hash(data: Array(code.utf8))) }
}
