import FoundationEssentials
import Logging
import PostgresNIO
import Redis
import Synchronization
import TestSupport
import Testing
@testable import Auth

/// TOTP against RFC 6238's own vectors, base32, the QR code, and the two-step rules on real
/// PostgreSQL and Redis: set-up, codes used once, recovery codes used once, sign-in's second step.
@Suite struct TwoFactorTests {
    /// RFC 6238 appendix B, SHA-1, 8 digits: (time, code).
    static let rfcVectors: [(Int64, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    @Test(arguments: rfcVectors) func codesMatchTheRFC(_ vector: (Int64, String)) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8), digits: 8)
        let date = Date(timeIntervalSince1970: Double(vector.0))
        #expect(totp.code(step: totp.step(at: date)) == vector.1)
        #expect(totp.matchingStep(vector.1, at: date) == totp.step(at: date))
    }

    @Test func aCodeIsAcceptedOneStepEitherSideAndNoFurther() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = totp.step(at: now)
        for offset in -1...1 { #expect(totp.matchingStep(totp.code(step: step + Int64(offset)), at: now) == step + Int64(offset)) }
        for offset in [-3, -2, 2, 3] { #expect(totp.matchingStep(totp.code(step: step + Int64(offset)), at: now) == nil) }
        let code = totp.code(step: step)
        #expect(totp.matchingStep(String(code.prefix(3)) + " " + String(code.suffix(3)), at: now) == step, "spaces are ignored")
        for typed in ["", "12345", "1234567", "abcdef", "１２３４５６"] { #expect(totp.matchingStep(typed, at: now) == nil, "\(typed)") }
    }

    /// RFC 4648's base32 vectors, both ways.
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func base32(_ pair: (String, String)) {
        #expect(Base32.encode(Array(pair.0.utf8)) == pair.1)
        #expect(Base32.decode(pair.1.lowercased()) == Array(pair.0.utf8))
    }

    @Test func theProvisioningAddressIsWhatAppsRead() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.provisioningURI(account: "ana+1@example.com", issuer: "BandUp (test)")
            == "otpauth://totp/BandUp%20%28test%29:ana%2B1%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=BandUp%20%28test%29&algorithm=SHA1&digits=6&period=30")
    }

    @Test func theQRCodeHasItsFinderPatternsAndAnAccessibleName() throws {
        let uri = TOTP(secret: TOTP.newSecret()).provisioningURI(account: "ana@example.com", issuer: "BandUp")
        let code = try #require(QRCode(uri))
        #expect(code.width >= 21 && (code.width - 17) % 4 == 0, "a QR version's size")
        // The three 7×7 finder patterns: a dark ring, a light ring, a dark 3×3 centre.
        for (top, left) in [(0, 0), (0, code.width - 7), (code.width - 7, 0)] {
            for row in 0..<7 {
                for column in 0..<7 {
                    let ring = max(abs(row - 3), abs(column - 3))
                    #expect(code.isDark(row: top + row, column: left + column) == (ring != 2), "finder at \(top),\(left): \(row),\(column)")
                }
            }
        }
        let svg = code.svg(label: "QR <code> & \"key\"")
        #expect(svg.hasPrefix("<svg ") && svg.contains("viewBox=\"0 0 \(code.width + 8) \(code.width + 8)\""))
        #expect(svg.contains("aria-label=\"QR &lt;code> &amp; &quot;key&quot;\"") && svg.contains("role=\"img\""))
        #expect(!svg.contains("ana@example.com"), "the address is in the picture only")
        #expect(QRCode(String(repeating: "x", count: 4000)) == nil, "too long for any QR code")
    }

    static func withTwoFactor(_ body: @escaping @Sendable (Accounts, TwoFactor, Clock) async throws -> Void) async throws {
        let redisServer = try RedisServer()
        let redis = RedisClient(configuration: redisServer.configuration)
        defer { redis.close() }
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            var logger = Logger(label: "bandup.test.two-factor")
            logger.logLevel = .warning
            let clock = Clock()
            let log = SecurityLog(client: client, logger: logger)
            let twoFactor = TwoFactor(client: client, logger: logger, log: log, now: { clock.now })
            let accounts = Accounts(users: UserStore(client: client), hasher: PasswordHasher(cost: 4),
                                    throttle: SignInThrottle(redis: redis, limits: .init(perAccountAndClient: 5)), logger: logger,
                                    log: log, twoFactor: twoFactor)
            try await body(accounts, twoFactor, clock)
        }
    }

    final class Clock: Sendable {
        let value = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { value.withLock { $0 } }
        func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
    }

    @Test func setUpSignInWithCodesEachUsedOnce() async throws {
        try await Self.withTwoFactor { accounts, twoFactor, clock in
            let ana = try await accounts.signUp(AccountsTests.ana)
            #expect(try await twoFactor.status(userID: ana.id) == .off)
            #expect(try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c").isSignedIn(ana))

            let secret = try await twoFactor.begin(userID: ana.id)
            #expect(try await twoFactor.begin(userID: ana.id) == secret, "starting again shows the same secret until it is confirmed")
            let totp = TOTP(secret: secret)
            #expect(try await twoFactor.confirm(userID: ana.id, code: totp.code(step: totp.step(at: clock.now) + 5)) == nil, "a wrong code")
            #expect(try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c").isSignedIn(ana),
                    "not on until a right code confirms it")
            let codes = try #require(try await twoFactor.confirm(userID: ana.id, code: totp.code(step: totp.step(at: clock.now))))
            #expect(codes.count == 10 && Set(codes).count == 10 && codes.allSatisfy { $0.wholeMatch(of: /[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}/) != nil })
            #expect(try await twoFactor.status(userID: ana.id) == .on(since: try #require(await Self.confirmedAt(twoFactor, ana.id)), recoveryCodesLeft: 10))
            _ = try await twoFactor.begin(userID: ana.id)
            #expect(try await twoFactor.isOn(userID: ana.id), "set-up again changes nothing once on")

            // The password alone no longer signs in.
            #expect(try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c").needsSecondStep(ana))
            // The code that confirmed set-up cannot be used again, nor can a wrong one.
            await #expect(throws: AccountError.wrongCode) { try await accounts.finishSignIn(ana, code: totp.code(step: totp.step(at: clock.now)), client: "c") }
            await #expect(throws: AccountError.wrongCode) { try await accounts.finishSignIn(ana, code: "12345", client: "c") }
            clock.advance(30)
            let fresh = totp.code(step: totp.step(at: clock.now))
            #expect(try await accounts.finishSignIn(ana, code: fresh, client: "c") == .appCode)
            await #expect(throws: AccountError.wrongCode, "a code reused within its window") { try await accounts.finishSignIn(ana, code: fresh, client: "c") }
            clock.advance(30)
            await #expect(throws: AccountError.wrongCode, "an older code after a newer one") {
                try await accounts.finishSignIn(ana, code: totp.code(step: totp.step(at: clock.now) - 1), client: "c")
            }

            // Recovery codes: each once, typed in any case and without the dash.
            let typed = codes[0].uppercased().replacing("-", with: "")
            #expect(try await accounts.finishSignIn(ana, code: typed, client: "c") == .recoveryCode)
            await #expect(throws: AccountError.wrongCode) { try await accounts.finishSignIn(ana, code: codes[0], client: "c") }
            guard case .on(_, let left) = try await twoFactor.status(userID: ana.id) else { Issue.record("off"); return }
            #expect(left == 9)
            let replaced = try await twoFactor.newRecoveryCodes(userID: ana.id)
            await #expect(throws: AccountError.wrongCode, "replaced codes stop working") { try await accounts.finishSignIn(ana, code: codes[1], client: "c") }
            #expect(try await accounts.finishSignIn(ana, code: replaced[0], client: "c") == .recoveryCode)

            let kinds = try await SecurityLog(client: accounts.users.client, logger: accounts.logger).recent(userID: ana.id, limit: 50).map(\.kind)
            #expect(kinds.contains(.twoFactorEnabled) && kinds.contains(.twoFactorFailed) && kinds.contains(.recoveryCodeUsed) && kinds.contains(.recoveryCodesReplaced))
            try await twoFactor.turnOff(userID: ana.id)
            #expect(try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c").isSignedIn(ana))
        }
    }

    @Test func wrongCodesCountLikeWrongPasswords() async throws {
        try await Self.withTwoFactor { accounts, twoFactor, clock in
            let ana = try await accounts.signUp(AccountsTests.ana)
            let totp = TOTP(secret: try await twoFactor.begin(userID: ana.id))
            _ = try await twoFactor.confirm(userID: ana.id, code: totp.code(step: totp.step(at: clock.now)))
            clock.advance(30)
            for _ in 0..<5 { await #expect(throws: AccountError.wrongCode) { try await accounts.finishSignIn(ana, code: "000001", client: "guesser") } }
            await #expect(throws: AccountError.self, "this client now waits") {
                try await accounts.finishSignIn(ana, code: totp.code(step: totp.step(at: clock.now)), client: "guesser")
            }
            #expect(try await accounts.finishSignIn(ana, code: totp.code(step: totp.step(at: clock.now)), client: "owner") == .appCode,
                    "the owner elsewhere is not locked out")
        }
    }

    static func confirmedAt(_ twoFactor: TwoFactor, _ id: Int64) async -> Date? {
        guard case .on(let since, _) = try? await twoFactor.status(userID: id) else { return nil }
        return since
    }
}

extension SignInStep {
    func isSignedIn(_ user: User) -> Bool { if case .signedIn(let who) = self { who.id == user.id } else { false } }
    func needsSecondStep(_ user: User) -> Bool { if case .secondStepNeeded(let who) = self { who.id == user.id } else { false } }
}
