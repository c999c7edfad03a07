import FoundationEssentials
import Logging
import PostgresNIO
import Redis
import Synchronization
import TestSupport
import Testing
@testable import Auth

/// Accounts on real PostgreSQL (users) and Redis (sign-in throttle).
@Suite struct AccountsTests {
    static func withAccounts(limits: SignInThrottle.Limits = .init(), alert: (@Sendable (User) async throws -> Void)? = nil,
                             _ body: @escaping @Sendable (Accounts, RedisServer) async throws -> Void) async throws {
        let redisServer = try RedisServer()
        let redis = RedisClient(configuration: redisServer.configuration)
        defer { redis.close() }
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            var logger = Logger(label: "bandup.test.accounts")
            logger.logLevel = .warning
            let accounts = Accounts(users: UserStore(client: client), hasher: PasswordHasher(cost: 4),
                                    throttle: SignInThrottle(redis: redis, limits: limits), logger: logger,
                                    today: { Date(timeIntervalSince1970: 1_795_000_000) }, guessingAlert: alert)  // 2026-11-18
            try await body(accounts, redisServer)
        }
    }

    static let ana = SignUpForm(email: " Ana@Example.com", displayName: " Ana ", password: "correct horse battery",
                                targetBand: "7.5", examDate: "2027-03-14")

    @Test func signUpNormalisesAndStores() async throws {
        try await Self.withAccounts { accounts, _ in
            let user = try await accounts.signUp(Self.ana)
            #expect(user.email == "ana@example.com" && user.displayName == "Ana" && user.role == .learner)
            #expect(user.targetBand == 7.5 && user.examDate == "2027-03-14" && user.lastSignInAt == nil)
            let again = try await accounts.users.find(email: try EmailAddress("ANA@example.com"))
            #expect(again == user)
        }
    }

    @Test func signUpReportsEveryProblemAtOnce() async throws {
        try await Self.withAccounts { accounts, _ in
            let form = SignUpForm(email: "not-an-email", displayName: "  ", password: "short", targetBand: "9.3", examDate: "2020-01-01")
            await #expect(throws: AccountError.invalidFields([
                "email": "Enter an email address like name@example.com.",
                "displayName": "Enter the name we should call you.",
                "password": "Use at least 10 characters (this has 5).",
                "targetBand": "Choose a band from 1 to 9 in half bands, such as 6.5.",
                "examDate": "Enter a date from today on, as YYYY-MM-DD.",
            ])) { try await accounts.signUp(form) }
        }
    }

    @Test func emailsAreUniqueWhateverTheirCase() async throws {
        try await Self.withAccounts { accounts, _ in
            _ = try await accounts.signUp(Self.ana)
            var twin = Self.ana
            twin.email = "ANA@EXAMPLE.COM"
            await #expect(throws: AccountError.invalid(field: "email", message: "An account with this email already exists. Sign in instead?")) {
                try await accounts.signUp(twin)
            }
        }
    }

    @Test func signInChecksThePasswordAndRecordsIt() async throws {
        try await Self.withAccounts { accounts, _ in
            let created = try await accounts.signUp(Self.ana)
            let step = try await accounts.signIn(email: "ana@EXAMPLE.com ", password: "correct horse battery", client: "198.51.100.1")
            #expect(step == .signedIn(step.user) && step.user.id == created.id)
            #expect(try await accounts.users.find(id: created.id)?.lastSignInAt != nil)
            await #expect(throws: AccountError.wrongCredentials) {
                try await accounts.signIn(email: "ana@example.com", password: "correct horse battery!", client: "198.51.100.1")
            }
            await #expect(throws: AccountError.wrongCredentials, "an unknown email gets the same answer") {
                try await accounts.signIn(email: "nobody@example.com", password: "correct horse battery", client: "198.51.100.1")
            }
        }
    }

    @Test func aGuessingClientWaitsLongerEachTimeButTheOwnerDoesNot() async throws {
        let alerts = Mutex<[String]>([])
        try await Self.withAccounts(limits: .init(perAccountAndClient: 3, perClient: 50, alertAfter: 4, window: .seconds(900)),
                                    alert: { owner in alerts.withLock { $0.append(owner.email) } }) { accounts, _ in
            _ = try await accounts.signUp(Self.ana)
            for _ in 0..<3 {
                await #expect(throws: AccountError.wrongCredentials) { try await accounts.signIn(email: "ana@example.com", password: "wrong password", client: "198.51.100.1") }
            }
            // This client waits a minute, even with the right password...
            do {
                _ = try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "198.51.100.1")
                Issue.record("expected throttling")
            } catch AccountError.throttled(let retry) {
                #expect((55...60).contains(retry))
            }
            // ...and the owner, elsewhere, signs in as ever.
            _ = try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "203.0.113.5")
            #expect(alerts.withLock { $0 }.isEmpty)
            // Another guesser: its fourth miss at the account this window tells the owner, once.
            await #expect(throws: AccountError.wrongCredentials) { try await accounts.signIn(email: "ana@example.com", password: "x", client: "192.0.2.9") }
            // The owner is told after the answer (so a miss at a real account takes no longer).
            let deadline = ContinuousClock.now + .seconds(10)
            while alerts.withLock({ $0 }).isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(alerts.withLock { $0 } == ["ana@example.com"])
            for _ in 0..<2 { _ = try? await accounts.signIn(email: "ana@example.com", password: "x", client: "192.0.2.9") }
            try await Task.sleep(for: .milliseconds(500))
            #expect(alerts.withLock { $0 }.count == 1, "told once a window")
        }
    }

    @Test func oneClientGuessingManyAccountsHitsTheClientLimit() async throws {
        try await Self.withAccounts(limits: .init(perAccountAndClient: 3, perClient: 5, window: .seconds(900))) { accounts, _ in
            for index in 0..<5 {
                await #expect(throws: AccountError.wrongCredentials) { try await accounts.signIn(email: "other\(index)@example.com", password: "x", client: "198.51.100.1") }
            }
            await #expect(throws: AccountError.self) { try await accounts.signIn(email: "fresh@example.com", password: "x", client: "198.51.100.1") }
            await #expect(throws: AccountError.wrongCredentials) { try await accounts.signIn(email: "fresh@example.com", password: "x", client: "198.51.100.2") }
        }
    }

    @Test func aSuccessfulSignInResetsTheAccountCount() async throws {
        try await Self.withAccounts(limits: .init(perAccountAndClient: 3, perClient: 50, window: .seconds(900))) { accounts, _ in
            _ = try await accounts.signUp(Self.ana)
            for _ in 0..<2 { _ = try? await accounts.signIn(email: "ana@example.com", password: "wrong password", client: "c") }
            _ = try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c")
            for _ in 0..<2 { _ = try? await accounts.signIn(email: "ana@example.com", password: "wrong password", client: "c") }
            _ = try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c")
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOne() async throws {
        try await Self.withAccounts { accounts, _ in
            let user = try await accounts.signUp(Self.ana)
            await #expect(throws: AccountError.invalid(field: "currentPassword", message: "That is not your current password.")) {
                try await accounts.changePassword(user: user, current: "wrong one!!", new: "a brand new passphrase")
            }
            await #expect(throws: AccountError.self) { try await accounts.changePassword(user: user, current: "correct horse battery", new: "1234567890") }
            try await accounts.changePassword(user: user, current: "correct horse battery", new: "a brand new passphrase")
            _ = try await accounts.signIn(email: "ana@example.com", password: "a brand new passphrase", client: "c")
            await #expect(throws: AccountError.wrongCredentials) { try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c") }
        }
    }

    @Test func redisDownMeansSignInFailsWithARedisError() async throws {
        try await Self.withAccounts { accounts, redis in
            _ = try await accounts.signUp(Self.ana)
            redis.stop()
            await #expect(throws: RedisError.self) { try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c") }
            try redis.start()
            try await Task.sleep(for: .milliseconds(100))
            _ = try await accounts.signIn(email: "ana@example.com", password: "correct horse battery", client: "c")
        }
    }

    @Test func eachFurtherMissDoublesTheWaitUpToAnHour() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        let clock = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        let throttle = SignInThrottle(redis: redis, limits: .init(perAccountAndClient: 2, perClient: 100, window: .seconds(900)), now: { clock.withLock { $0 } })
        try await throttle.recordFailure(email: "ana@example.com", client: "c")
        try await throttle.check(email: "ana@example.com", client: "c")
        var waits: [Int] = []
        for _ in 0..<9 {
            try await throttle.recordFailure(email: "ana@example.com", client: "c")
            do {
                try await throttle.check(email: "ana@example.com", client: "c")
                Issue.record("expected a wait")
            } catch AccountError.throttled(let retry) {
                waits.append(retry)
                clock.withLock { $0 += Double(retry) }
            }
            try await throttle.check(email: "ana@example.com", client: "c")  // the wait is over
        }
        #expect(waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        try await throttle.recordSuccess(email: "ana@example.com", client: "c")
        try await throttle.recordFailure(email: "ana@example.com", client: "c")
        try await throttle.check(email: "ana@example.com", client: "c")  // a success starts the count again
        // A reset through the mailed link clears every client's wait at the account.
        try await throttle.recordFailure(email: "ana@example.com", client: "c")
        await #expect(throws: AccountError.self) { try await throttle.check(email: "ana@example.com", client: "c") }
        try await throttle.clearAccount(email: "ana@example.com")
        try await throttle.check(email: "ana@example.com", client: "c")
    }
}
