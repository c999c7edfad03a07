import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Templates

/// `bandup serve`: the web server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve BandUp over HTTP.",
        discussion: """
            Settings come from environment variables (BANDUP_ENV, HOST, PORT, DATABASE_URL, REDIS_URL, \
            PUBLIC_BASE_URL, CDN_BASE_URL, TRUSTED_PROXIES, LOG_LEVEL, LOG_FORMAT, METRICS_TOKEN, \
            SHUTDOWN_GRACE_SECONDS, PAGE_REQUESTS_PER_MINUTE) or a JSON file named by BANDUP_CONFIG_FILE; \
            README.md describes each. In development, pending migrations are applied at start. \
            SIGTERM or SIGINT stops accepting connections, lets requests in flight finish \
            (at most SHUTDOWN_GRACE_SECONDS) and exits 0.
            """
    )

    func run() async throws {
        let settings = try await Settings.loadForCommand()
        let factory = PrometheusMetricsFactory()
        MetricsSystem.bootstrap(factory)
        let logger = Logger(label: "bandup")

        let server: BandUpServer
        do {
            server = try BandUpServer(settings: settings, metrics: factory.registry, logger: logger)
        } catch let error as TemplateLoadError {
            FileHandle.standardError.write(Data("BandUp cannot start: the templates have errors.\n\(error.description)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("BandUp cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }

        var group = ServiceGroupConfiguration(services: [.init(service: try server.application())],
                                              gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = settings.shutdownGrace
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
        logger.info("BandUp stopped")
    }
}
