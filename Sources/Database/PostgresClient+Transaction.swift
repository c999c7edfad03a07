import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, with the body's own error rethrown as itself (PostgresNIO wraps it in
    /// `PostgresTransactionError`) when the rollback went well, so callers catch their errors.
    public func transaction<Result>(logger: Logger, isolation: isolated (any Actor)? = #isolation,
                                    _ body: (PostgresConnection) async throws -> sending Result) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation, body)
        } catch let error as PostgresTransactionError where error.rollbackError == nil && error.closureError != nil {
            throw error.closureError!
        }
    }
}
