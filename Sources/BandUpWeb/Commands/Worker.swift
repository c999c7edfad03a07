import ArgumentParser
import Foundation
import Logging
import Mail
import PostgresNIO
import Redis
import ServiceLifecycle

/// `bandup worker`: assesses queued Writing and Speaking answers, apart from the web servers, so
/// the two scale independently (run `bandup serve` with FEEDBACK_WORKERS=0 beside it).
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assess queued Writing and Speaking answers.",
        discussion: """
            Reads the same settings as `bandup serve` (DATABASE_URL, REDIS_URL, FEEDBACK_PROVIDERS, \
            GEMINI_*, BEDROCK_*, storage). Also sends answers left in the outbox, and mail \
            (SMTP_URL, MAIL_FROM). SIGTERM or SIGINT \
            lets the jobs in hand finish (at most SHUTDOWN_GRACE_SECONDS; an unfinished job is taken \
            over by another worker) and exits 0.
            """
    )

    @Option(help: "Jobs assessed at once (default: FEEDBACK_WORKERS, or 4 when that is 0).") var concurrency: Int?

    func run() async throws {
        let settings = try await Settings.loadForCommand()
        let logger = Logger(label: "bandup.worker")
        let jobs = concurrency ?? (settings.feedback.workers > 0 ? settings.feedback.workers : 4)
        guard (1...256).contains(jobs) else { throw ValidationError("--concurrency must be from 1 to 256") }
        let postgres = PostgresClient(configuration: settings.database.clientConfiguration, backgroundLogger: logger)
        let redis = RedisClient(configuration: settings.redis)
        let runtime = FeedbackRuntime(settings: settings.feedback, postgres: postgres, redis: redis, storage: settings.makeStorage(), logger: logger)
        logger.info("BandUp worker started", metadata: ["concurrency": "\(jobs)", "providers": "\(settings.feedback.providers.map(\.rawValue).joined(separator: ","))"])
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: postgres), .init(service: RedisLifecycle(redis: redis)), .init(service: FeedbackOutbox(runtime: runtime)),
            .init(service: FeedbackWorkerService(worker: runtime.worker(concurrency: jobs), grace: settings.shutdownGrace))]
        if let sender = BandUpServer.mailSender(settings, outbox: MailOutbox(client: postgres, maxAttempts: settings.mail.maxAttempts, firstRetrySeconds: settings.mail.firstRetrySeconds),
                                                logger: Logger(label: "bandup.mail")) {
            services.append(.init(service: sender))
        }
        var group = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = settings.shutdownGrace + .seconds(5)
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
        logger.info("BandUp worker stopped")
    }
}
