import Foundation
import PostgresNIO
import TestSupport
import Testing

/// `bandup user create`, run as the built executable: how an operator makes the first admin.
@Suite struct UserCommandTests {
    @Test func createsAnAdminWithAPasswordFromStandardInput() async throws {
        let postgres = try PostgresServer.shared.get()
        try await postgres.withMigratedDatabase { client in
            var name = ""
            for try await value in try await client.query("SELECT current_database()").decode(String.self) { name = value }
            let env = ["DATABASE_URL": postgres.url(database: name)]
            let created = try BandUpProcess.run(["user", "create", "--email", "Admin@Example.com", "--role", "admin"], environment: env,
                                                input: "a long admin passphrase\n")
            #expect(created.status == 0, "\(created.output)")
            #expect(created.output.contains("Created admin admin@example.com"))
            var rows: [(String, String, String)] = []
            for try await row in try await client.query("SELECT email, role, display_name FROM users").decode((String, String, String).self) { rows.append(row) }
            #expect(rows.count == 1 && rows[0] == ("admin@example.com", "admin", "admin"))

            let twice = try BandUpProcess.run(["user", "create", "--email", "admin@example.com"], environment: env, input: "another long passphrase\n")
            #expect(twice.status != 0 && twice.output.contains("already exists"), "\(twice.output)")
            let weak = try BandUpProcess.run(["user", "create", "--email", "b@example.com"], environment: env, input: "1234567890\n")
            #expect(weak.status != 0 && weak.output.contains("most common"), "\(weak.output)")
            let role = try BandUpProcess.run(["user", "create", "--email", "c@example.com", "--role", "owner"], environment: env, input: "x\n")
            #expect(role.status != 0 && role.output.contains("--role must be learner, editor or admin"), "\(role.output)")
        }
    }
}
