import HummingbirdBcrypt
import Testing
@testable import Auth

@Suite struct PasswordTests {
    /// Password, email, the start of the problem (nil: accepted).
    static let policy: [(String, String, String?)] = [
        ("correct horse battery", "ana@example.com", nil),
        ("Tr0ub4dor&3x", "ana@example.com", nil),
        ("short", "ana@example.com", "Use at least 10 characters (this has 5)"),
        ("ninechars", "ana@example.com", "Use at least 10 characters (this has 9)"),
        ("pässwörter", "ana@example.com", nil),                                   // 10 characters, 12 bytes
        (String(repeating: "x", count: 9) + "é", "ana@example.com", nil),
        (String(repeating: "ab", count: 64), "ana@example.com", nil),             // 128
        (String(repeating: "ab", count: 64) + "c", "ana@example.com", "Use at most 128 characters"),
        ("ana@example.com", "ana@example.com", "Your password must not be your email address"),
        (" ANA@example.com ", "ana@example.com", "Your password must not be your email address"),
        ("anastasia1", "anastasia1@example.com", "Your password must not be your email address"),
        ("1234567890", "ana@example.com", "That password is one of the most common"),
        ("qwertyuiop", "ana@example.com", "That password is one of the most common"),
        ("Password12", "ana@example.com", "That password is one of the most common"),
        ("aaaaaaaaaaaa", "ana@example.com", "Use more than one kind of character"),
    ]

    @Test(arguments: policy) func passwordPolicy(_ password: String, _ email: String, _ expected: String?) {
        let problem = PasswordPolicy.problem(password: password, email: email)
        if let expected {
            #expect(problem?.hasPrefix(expected) == true, "\(String(describing: problem))")
        } else {
            #expect(problem == nil)
        }
    }

    @Test func commonPasswordListIsLoaded() {
        #expect(CommonPasswords.all.count == 1777)
        #expect(CommonPasswords.all.allSatisfy { $0.count >= 10 && $0 == $0.lowercased() })
    }

    @Test func hashesVerifyAndEveryCharacterCounts() async throws {
        let hasher = PasswordHasher(cost: 4)
        let long = String(repeating: "a", count: 100)
        let hash = try await hasher.hash(long + "1")
        #expect(hash.hasPrefix("$2") && hash.count == 60)
        #expect(try await hasher.verify(long + "1", against: hash))
        // Plain bcrypt would accept this (the first 72 bytes agree); the pre-hash does not.
        #expect(try await !hasher.verify(long + "2", against: hash))
        #expect(try await !hasher.verify("", against: hash))
    }

    @Test func productionCostIsTwelve() async throws {
        let hash = try await PasswordHasher().hash("correct horse battery")
        #expect(hash.dropFirst(4).hasPrefix("12$"))
    }

    @Test func theDecoyIsARealCost12Hash() {
        // A malformed decoy would fail fast and tell an attacker which emails exist.
        let decoy = Accounts.decoyHash
        #expect(decoy.hasPrefix("$2b$12$") && decoy.count == 60)
        #expect(decoy.dropFirst(7).allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "/" })
        #expect(!Bcrypt.verify(PasswordHasher.prehash("guess"), hash: decoy))
    }

    static let emails: [(String, String?)] = [
        ("Ana@Example.COM", "ana@example.com"),
        ("  ana.b+ielts@mail.example.org ", "ana.b+ielts@mail.example.org"),
        ("", nil), ("ana", nil), ("ana@", nil), ("@example.com", nil), ("ana@example", nil),
        ("ana@@example.com", nil), ("ana @example.com", nil), ("ana@example..com", nil), ("a<b>@example.com", nil),
        (String(repeating: "a", count: 65) + "@example.com", nil),
    ]

    @Test(arguments: emails) func emailAddresses(_ text: String, _ expected: String?) {
        #expect((try? EmailAddress(text))?.value == expected)
    }
}
