import Auth
import Foundation
import Logging
import ObjectStorage
import ServiceLifecycle

/// Deletes the accounts whose grace period is over, every `every` (ten minutes) until shutdown:
/// their recordings from `storage`, their keys in Redis, their rows in PostgreSQL. Any number of
/// processes may run it (an account being deleted by one is skipped by the others). A failure is
/// logged and tried again next round; it never stops the server.
struct AccountPurgeService: Service {
    let deletion: AccountDeletion
    let storage: any Storage
    let logger: Logger
    var every: Duration = .seconds(600)
    /// The first round waits this long, so a start (and, in development, its migrations) comes first.
    var firstAfter: Duration = .seconds(60)

    func run() async throws {
        let deletion = deletion, storage = storage, logger = logger, every = every, firstAfter = firstAfter
        await cancelWhenGracefulShutdown {
            try? await Task.sleep(for: firstAfter)
            while !Task.isCancelled {
                do {
                    // Bounded like a page's calls: a round stuck on a vanished database is abandoned, so
                    // shutdown never waits on it.
                    let deleted = try await withDeadline(.seconds(120), service: "PostgreSQL") {
                        try await deletion.purgeDue(now: Date()) { key in try await storage.delete(key) }
                    }
                    if deleted > 0 { logger.notice("accounts deleted after their grace period", metadata: ["count": "\(deleted)"]) }
                } catch {
                    logger.error("the accounts due for deletion could not be read; trying again later", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: every)  // cancelled at shutdown: the loop ends
            }
        }
    }
}

extension BandUpServer {
    /// "Delete my account" over this server's PostgreSQL, Redis and mail outbox (the pages and the purge share it).
    var accountDeletion: AccountDeletion {
        AccountDeletion(client: postgres, redis: redis, users: UserStore(client: postgres), hasher: PasswordHasher(cost: settings.bcryptCost),
                        sessions: SessionStore(redis: redis, lifetimes: settings.sessionLifetimes), outbox: outbox, logger: logger,
                        log: SecurityLog(client: postgres, logger: logger), jobPrefix: settings.feedback.redisPrefix)
    }
}
