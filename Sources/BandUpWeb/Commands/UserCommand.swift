import ArgumentParser
import Auth
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `bandup user`: accounts from the command line.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage accounts.",
        subcommands: [Create.self, Token.self]
    )

    /// `bandup user token`: a personal access token for the API, printed once (for scripts and
    /// operators; learners make theirs on the account page).
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an API access token for an account and print it (once).",
            discussion: "Reads DATABASE_URL. Only a hash of the token is kept: copy it from the output."
        )

        @Option(help: "The account's email address.") var email: String
        @Option(help: "What the token is for.") var name: String = "command line"
        @Option(help: "Comma-separated scopes: read, practice, feedback, content:write.") var scopes: String = "read"
        @Option(help: "Days until it expires (0: never).") var days: Int = 90
        @Option(help: "Give up when PostgreSQL has not answered within this many seconds.") var timeout: Int = 30

        func run() async throws {
            let address: EmailAddress
            do { address = try EmailAddress(email) } catch { throw ValidationError(error.fieldMessages["email"] ?? "invalid email") }
            var chosen = Set<TokenScope>()
            for name in scopes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let scope = TokenScope(rawValue: name) else { throw ValidationError("'\(name)' is not one of \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))") }
                chosen.insert(scope)
            }
            guard (0...3650).contains(days) else { throw ValidationError("--days must be from 0 to 3650") }
            let expires = days == 0 ? nil : Date().addingTimeInterval(Double(days) * 86_400)
            let (name, scopes) = (self.name, chosen)
            let (token, secret) = try await CommandDatabase.run(timeout: timeout) { client in
                guard let user = try await UserStore(client: client).find(email: address) else { throw ValidationError("no account has the email \(address.value)") }
                do {
                    return try await AccessTokens(client: client).create(userID: user.id, role: user.role, name: name, scopes: scopes, expiresAt: expires)
                } catch let error as AccountError {
                    throw ValidationError(error.fieldMessages.values.first ?? "cannot make the token")
                }
            }
            Logger(label: "bandup.user").notice("audit: access token created from the command line", metadata: ["user_id": "\(token.userID)", "token": "\(token.id)"])
            print(secret)
        }
    }

    /// `bandup user create`: an account with any role, such as the first admin.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account (for example the first admin).",
            discussion: """
                Reads DATABASE_URL. The password is read from standard input when it is not a terminal \
                (echo "$PASSWORD" | bandup user create ...), otherwise asked for twice without echo. \
                It must follow the same rules as on the sign-up page.
                """
        )

        @Option(help: "The account's email address.") var email: String
        @Option(help: "learner, editor or admin.") var role: String = "learner"
        @Option(help: "The name BandUp greets them with (defaults to the part of the email before @).") var name: String?
        @Option(help: "Give up when PostgreSQL has not answered within this many seconds.") var timeout: Int = 30

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be learner, editor or admin, not '\(role)'") }
        }

        func run() async throws {
            let address: EmailAddress
            do { address = try EmailAddress(email) } catch { throw ValidationError(error.fieldMessages["email"] ?? "invalid email") }
            let password = try Self.readPassword()
            if let problem = PasswordPolicy.problem(password: password, email: address.value) { throw ValidationError(problem) }
            let role = Role(rawValue: role)!
            let displayName = (name ?? String(address.value.prefix { $0 != "@" })).trimmingCharacters(in: .whitespaces)
            let hash = try await PasswordHasher().hash(password)
            let user = try await CommandDatabase.run(timeout: timeout) { client in
                do {
                    return try await UserStore(client: client).create(email: address, displayName: displayName, passwordHash: hash, role: role, verified: true)
                } catch let error as AccountError {
                    throw ValidationError(error.fieldMessages.values.first ?? "cannot create the account")
                }
            }
            Logger(label: "bandup.user").notice("audit: account created from the command line", metadata: ["user_id": "\(user.id)", "role": "\(role.rawValue)"])
            print("Created \(user.role.rawValue) \(user.email) (id \(user.id)).")
        }

        /// One line from stdin, or twice from the terminal without echo.
        static func readPassword() throws -> String {
            if isatty(STDIN_FILENO) == 0 {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
                return line
            }
            let first = try prompt("Password: ")
            let second = try prompt("Repeat it: ")
            guard first == second else { throw ValidationError("the two passwords differ") }
            return first
        }

        private static func prompt(_ text: String) throws -> String {
            FileHandle.standardError.write(Data(text.utf8))
            var original = termios()
            tcgetattr(STDIN_FILENO, &original)
            var quiet = original
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password given") }
            return line
        }
    }
}
