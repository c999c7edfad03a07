import ArgumentParser
import Database
import Foundation
import PostgresNIO

/// PostgreSQL for one command: `DATABASE_URL`, a running pool, and clear errors when it is
/// missing, wrong or does not answer within `timeout` seconds (the work after the first answer is not limited).
enum CommandDatabase {
    static func configuration() throws -> DatabaseConfiguration {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError("DATABASE_URL is not set (postgres://user:password@host:port/database)")
        }
        do {
            return try DatabaseConfiguration(url: url)
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        }
    }

    static func run<T: Sendable>(timeout: Int, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let configuration = try configuration()
        let client = PostgresClient(configuration: configuration.clientConfiguration)
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { await client.run(); return nil }
                group.addTask {
                    // Only the first answer is bounded in time: the work itself may take as long as it takes.
                    try await withThrowingTaskGroup(of: Bool.self) { first in
                        first.addTask { try await client.query("SELECT 1"); return true }
                        first.addTask { try await Task.sleep(for: .seconds(timeout)); return false }
                        defer { first.cancelAll() }
                        guard try await first.next() == true else {
                            throw ValidationError("PostgreSQL at \(configuration.host):\(configuration.port) did not answer within \(timeout) s")
                        }
                    }
                    return try await body(client)
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let result { return result }
                }
                throw CancellationError()
            }
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        } catch let error as PSQLError {
            throw ValidationError("PostgreSQL refused: \(error.serverInfo?[.message] ?? "\(error.code)")")
        }
    }
}
