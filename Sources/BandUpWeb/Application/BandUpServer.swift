import API
import AssetPipeline
import Auth
import Foundation
import Database
import Hummingbird
import Logging
import Mail
import ObjectStorage
import PostgresNIO
import Practice
import Prometheus
import Redis
import ServiceLifecycle
import Templates

/// BandUp's web server: the router with its middleware, and the services it runs beside it
/// (the PostgreSQL pool, the Redis client, development migrations).
struct BandUpServer {
    let settings: Settings
    let postgres: PostgresClient
    let redis: RedisClient
    let templates: TemplateLibrary
    let readiness: Readiness
    let metrics: PrometheusCollectorRegistry
    let migrations: [Migration]
    let assets: AssetCatalog
    /// Uploaded files: editors' media now, learners' recordings later.
    let storage: any Storage
    /// Writing and Speaking feedback: the queue, the live streams, the providers.
    let feedback: FeedbackRuntime
    /// The JSON API's contract (`openapi.yaml`) and its text, read at start.
    let contract: APIContract
    let contractText: String
    /// What other instances change (lessons), so this one's caches stay true.
    let changes: ChangeFeed
    let publishedLessons: PublishedLessons
    let lessonsByQuestionType: NotifiedValue<[QuestionType: [(slug: String, title: String)]]>
    /// What time it is, for test deadlines (tests move it).
    var clock = WallClock.system
    let logger: Logger

    /// Connects nothing yet: the clients connect when the services run. Throws ``TemplateLoadError``
    /// (every template problem at once) or the migrations' ``DatabaseError``.
    init(settings: Settings, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        postgres = PostgresClient(configuration: settings.database.clientConfiguration, backgroundLogger: logger)
        redis = RedisClient(configuration: settings.redis)
        changes = ChangeFeed(postgres: postgres, logger: logger)
        publishedLessons = PublishedLessons(feed: changes, topic: "lessons")
        lessonsByQuestionType = NotifiedValue(feed: changes, topic: "lessons")
        assets = try Self.assetCatalog(settings)
        storage = settings.makeStorage()
        templates = try TemplateLibrary(directory: settings.templatesDirectory,
                                        options: .init(reloadsChangedFiles: settings.environment.isDevelopment, extensions: ["html", "txt"],
                                                       functions: AssetFunctions.all(assets)))
        feedback = FeedbackRuntime(settings: settings.feedback, postgres: postgres, redis: redis, storage: storage,
                                   logger: Logger(label: "bandup.feedback"))
        migrations = settings.environment.isDevelopment ? try Migration.load(from: settings.migrationsDirectory) : []
        readiness = Readiness(postgres: postgres, redis: redis, waitsForMigrations: settings.environment.isDevelopment)
        do {
            contractText = try String(contentsOfFile: settings.api.contractFile, encoding: .utf8)
            contract = try APIContract(yaml: contractText)
        } catch {
            throw ContractError("the API contract \(settings.api.contractFile) cannot be read: \(error)")
        }
    }

    /// Where the API's problem types are documented.
    var problemTypeBase: String { settings.publicBaseURL + "/developers/api" }

    var backends: Backends { Backends(postgres: postgres, redis: redis, limit: settings.backendTimeout) }

    var outbox: MailOutbox { MailOutbox(client: postgres, maxAttempts: settings.mail.maxAttempts, firstRetrySeconds: settings.mail.firstRetrySeconds) }

    /// The outbox's sender, when an SMTP server is configured.
    static func mailSender(_ settings: Settings, outbox: MailOutbox, logger: Logger) -> MailSenderService? {
        settings.mail.smtp.map { MailSenderService(sender: MailSender(outbox: outbox, transport: SMTPClient(settings: $0, sender: settings.mail.sender),
                                                                      logger: logger)) }
    }

    static func assetBuilder(_ settings: Settings) -> AssetBuilder {
        AssetBuilder(source: settings.publicDirectory, output: settings.assetsDirectory)
    }

    /// Production serves what `bandup assets build` made (in the image); development and tests
    /// build `Public/` at start.
    static func assetCatalog(_ settings: Settings) throws -> AssetCatalog {
        let manifest = settings.environment.isProduction
            ? try AssetManifest.load(from: settings.assetsDirectory)
            : try assetBuilder(settings).build().0
        return AssetCatalog(manifest: manifest, directory: settings.assetsDirectory, cdnBaseURL: settings.cdnBaseURL)
    }

    /// Where our forms are served from: the public address and the address we listen on.
    var allowedOrigins: Set<String> {
        [settings.publicBaseURL.lowercased(), "http://\(settings.host):\(settings.port)", "http://localhost:\(settings.port)"]
    }

    func router() throws -> Router<WebContext> {
        let pages = PageRenderer(templates: templates, environment: settings.environment)
        let router = Router(context: WebContext.self)
        router.middlewares.add(StreamingResponsesMiddleware())  // outermost: the rest of the chain runs in its task
        router.middlewares.add(RequestIDMiddleware())
        router.middlewares.add(ForwardedHeadersMiddleware(trustedProxies: settings.trustedProxies))
        router.middlewares.add(AccessLogMiddleware())
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(SecurityHeadersMiddleware(environment: settings.environment, cdnBaseURL: settings.cdnBaseURL))
        router.middlewares.add(ErrorPageMiddleware(pages: pages))
        router.middlewares.add(APIEdgeMiddleware(contract: contract, origins: settings.api.corsOrigins, typeBase: problemTypeBase))

        AssetsController(catalog: assets, files: FileIO()).addRoutes(to: router)
        HealthController(readiness: readiness, describesFailures: settings.environment.isDevelopment).addRoutes(to: router)
        MetricsController(registry: metrics, token: settings.metricsToken).addRoutes(to: router)
        if settings.environment == .test { TestRoutes().addRoutes(to: router) }

        let flash = FlashMessages(backends: backends, secureCookies: settings.environment.isProduction)
        let cookies = SessionCookies(secure: settings.environment.isProduction)
        let users = UserStore(client: postgres)
        let sessions = SessionStore(redis: redis, lifetimes: settings.sessionLifetimes)
        let composer = MailComposer(templates: templates, publicBaseURL: settings.publicBaseURL)
        let outbox = outbox, log = SecurityLog(client: postgres, logger: logger)
        let twoFactor = TwoFactor(client: postgres, logger: logger, log: log, issuer: settings.environment.isProduction ? "BandUp" : "BandUp (\(settings.environment.rawValue))")
        let staff = StaffSecondStep(twoFactor: twoFactor, backends: backends)
        let start = SessionStart(sessions: sessions, pending: PendingSignIns(redis: redis), backends: backends, cookies: cookies, flash: flash)
        let accounts = Accounts(users: users, hasher: PasswordHasher(cost: settings.bcryptCost), throttle: SignInThrottle(redis: redis), logger: logger,
                                guessingAlert: { owner in try await outbox.enqueue(try composer.guessing(owner), kind: "sign-in-guessing", userID: owner.id) },
                                log: log, twoFactor: twoFactor)
        let site = router.group()
            .add(middleware: SessionMiddleware(sessions: sessions, users: users, backends: backends, cookies: cookies,
                                               limit: PageRateLimit(bucket: "pages", perMinute: settings.pageRequestsPerMinute)))
            .add(middleware: CSRFMiddleware(allowedOrigins: allowedOrigins))
        HomeController(pages: pages, backends: backends, flash: flash).addRoutes(to: site)
        if settings.environment == .test { FortunesController(templates: templates, backends: backends).addRoutes(to: site) }
        APIReferenceController(pages: pages, contract: contract, settings: settings.api).addRoutes(to: site)
        let lessons = LessonsController(pages: pages, backends: backends, assets: assets, flash: flash, places: publishedLessons)
        lessons.addRoutes(to: site)
        let verifications = EmailVerifications(client: postgres, users: users, outbox: outbox, logger: logger, log: log)
        SignInController(pages: pages, accounts: accounts, sessions: sessions, backends: backends, cookies: cookies, flash: flash,
                         verifications: verifications, composer: composer, pending: PendingSignIns(redis: redis), start: start,
                         google: settings.google != nil)
            .addRoutes(to: site)
        let google = GoogleAccounts(users: users, hasher: accounts.hasher, logger: logger, log: log)
        if let settings = settings.google {
            GoogleSignInController(pages: pages, provider: settings.provider(publicBaseURL: self.settings.publicBaseURL),
                                   accounts: google, signIns: accounts,
                                   twoFactor: twoFactor, backends: backends, cookies: cookies, start: start).addRoutes(to: site)
        }
        let resets = PasswordResets(client: postgres, redis: redis, users: users, hasher: accounts.hasher, outbox: outbox, sessions: sessions,
                                    logger: logger, log: log)
        PasswordResetController(pages: pages, resets: resets, throttle: accounts.throttle, composer: composer, backends: backends, flash: flash)
            .addRoutes(to: site)
        let changes = EmailChanges(client: postgres, users: users, hasher: accounts.hasher, outbox: outbox, sessions: sessions, logger: logger, log: log)
        EmailLinksController(pages: pages, verifications: verifications, changes: changes, composer: composer, backends: backends, flash: flash)
            .addRoutes(to: site)
        let mail = MailOutboxController(pages: pages, outbox: outbox, backends: backends, flash: flash, sending: settings.mail.smtp != nil)
        if settings.environment.isDevelopment, settings.mail.smtp == nil { mail.addDevelopmentRoutes(to: site) }
        let parsedTests = ParsedTests(backends: backends, assets: assets, readingSeconds: Double(settings.listeningReadingSeconds))
        let tests = TestsController(pages: pages, backends: backends, tests: parsedTests, clock: clock)
        tests.addRoutes(to: site)
        let learners = site.group().add(middleware: RequireRole(role: .learner))
        let deletion = accountDeletion
        AccountController(pages: pages, accounts: accounts, sessions: sessions, backends: backends, flash: flash,
                          verifications: verifications, composer: composer, log: log, changes: changes, deletion: deletion,
                          google: google).addRoutes(to: learners)
        AccountDeletionController(pages: pages, deletion: deletion, composer: composer, backends: backends, cookies: cookies, flash: flash)
            .addRoutes(to: learners)
        TwoFactorController(pages: pages, accounts: accounts, twoFactor: twoFactor, backends: backends, flash: flash, sessions: sessions).addRoutes(to: learners)
        AccessTokensController(pages: pages, backends: backends, flash: flash, log: log, staff: staff).addRoutes(to: learners)
        AccountDataController(data: AccountData(client: postgres), storage: storage, backends: backends, log: log).addRoutes(to: learners)
        lessons.addLearnerRoutes(to: learners)
        tests.addLearnerRoutes(to: learners)
        AttemptsController(pages: pages, backends: backends, tests: parsedTests, clock: clock).addRoutes(to: learners)
        let study = StudySettings(newCardsPerDay: settings.flashcardsNewPerDay)
        let dashboard = DashboardController(pages: pages, backends: backends, tests: parsedTests, clock: clock, study: study,
                                            lessonsByType: lessonsByQuestionType)
        dashboard.addRoutes(to: learners)
        let tasks = TaskPagesController(pages: pages, backends: backends, runtime: feedback, flash: flash, clock: clock)
        tasks.addRoutes(to: site)
        tasks.addLearnerRoutes(to: learners)
        AnswersController(pages: pages, backends: backends, runtime: feedback, flash: flash, clock: clock).addRoutes(to: learners)
        AnswerEventsController(backends: backends, runtime: feedback).addRoutes(to: learners)
        FlashcardsController(pages: pages, backends: backends, flash: flash, clock: clock, study: study, runtime: feedback).addRoutes(to: learners)
        ReviewController(pages: pages, backends: backends, flash: flash, clock: clock, study: study).addRoutes(to: learners)
        let cardSets = CardSetsController(pages: pages, backends: backends, flash: flash, clock: clock, runtime: feedback)
        cardSets.addRoutes(to: learners)
        DictationController(pages: pages, backends: backends, flash: flash, assets: assets).addRoutes(to: learners)
        let admins = site.group().add(middleware: RequireRole(role: .admin)).add(middleware: RequireSecondStep(staff: staff))
        AdminUsersController(pages: pages, users: users, sessions: sessions, backends: backends, flash: flash, log: log).addRoutes(to: admins)
        mail.addAdminRoutes(to: admins)
        let editors = site.group().add(middleware: RequireRole(role: .editor))
        let editor = EditorController(pages: pages, backends: backends, assets: assets, storage: storage, flash: flash, changes: self.changes, staff: staff)
        editor.addRoutes(to: editors)
        RevisionsController(pages: pages, backends: backends, flash: flash).addRoutes(to: editors)
        let uploads = UploadsController(storage: storage)
        uploads.addEditorRoutes(to: editors)
        uploads.addRoutes(to: router)

        // The JSON API: its routes come from the contract; sessions play no part.
        let api = APIEndpoints(contract: contract, backends: backends,
                               limits: APIRateLimits(backends: backends, perToken: settings.api.tokenRequestsPerMinute, perAddress: settings.api.addressRequestsPerMinute),
                               typeBase: problemTypeBase)
        var handlers = AccountOperations(contractText: contractText).handlers
        handlers.merge(LessonOperations(backends: backends, lessons: lessons, check: { await editor.check($0) }, twoFactor: twoFactor, changes: self.changes).handlers) { $1 }
        handlers.merge(TestOperations(backends: backends, tests: parsedTests, starts: tests, clock: clock).handlers) { $1 }
        handlers.merge(AnswerOperations(backends: backends, runtime: feedback, clock: clock).handlers) { $1 }
        handlers.merge(FlashcardOperations(backends: backends, clock: clock, study: study, cardSets: cardSets, runtime: feedback).handlers) { $1 }
        handlers.merge(ProgressOperations(dashboard: dashboard, backends: backends, study: study).handlers) { $1 }
        try api.register(handlers, on: router)
        return router
    }

    /// The Hummingbird application with the PostgreSQL pool, Redis and (in development) migrations
    /// as services. At shutdown the HTTP server stops first, then these, in reverse order.
    func application() throws -> some ApplicationProtocol {
        var services: [any Service] = [postgres, changes, RedisLifecycle(redis: redis), LiveFeedbackService(live: feedback.live), FeedbackOutbox(runtime: feedback)]
        if settings.feedback.workers > 0 {
            services.append(FeedbackWorkerService(worker: feedback.worker(concurrency: settings.feedback.workers), grace: settings.shutdownGrace))
        }
        if let sender = Self.mailSender(settings, outbox: outbox, logger: Logger(label: "bandup.mail")) { services.append(sender) }
        services.append(AccountPurgeService(deletion: accountDeletion, storage: storage, logger: Logger(label: "bandup.accounts")))
        if settings.environment.isDevelopment {
            services.append(DevelopmentAssets(builder: Self.assetBuilder(settings), catalog: assets, logger: logger))
            services.append(DevelopmentMigrations(postgres: postgres, migrations: migrations, readiness: readiness, logger: logger))
        }
        return Application(
            router: try router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            services: services,
            onServerRunning: { channel in
                logger.info("BandUp is listening on http://\(settings.host):\(channel.localAddress?.port ?? settings.port) (\(settings.environment.rawValue)); public address \(settings.publicBaseURL)")
            },
            logger: logger
        )
    }
}
