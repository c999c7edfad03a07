import AsyncHTTPClient
import Content
import Foundation
import Feedback
import Scorer
import Logging
import ObjectStorage
import PostgresNIO
import Redis
import ServiceLifecycle
import Speech
import Study
import Synchronization

/// The feedback machinery one process runs, from settings: the queue, the job events, the live
/// follower for this process's pages, the providers, and the services (workers, the outbox).
struct FeedbackRuntime: Sendable {
    let settings: FeedbackSettings
    let attempts: FeedbackAttempts
    /// Flashcard sets, made by jobs on the same queue.
    let cardSets: CardGenerations
    let queue: FeedbackQueue
    let events: JobEvents
    let live: LiveFeedback
    let storage: any Storage
    let logger: Logger
    /// Sentences from BandUp's published lessons that use a word (examples for offline cards).
    let lessonSentences: @Sendable (String) async throws -> [String]

    init(settings: FeedbackSettings, postgres: PostgresClient, redis: RedisClient, storage: any Storage, logger: Logger) {
        self.settings = settings
        self.attempts = FeedbackAttempts(client: postgres, logger: logger)
        self.cardSets = CardGenerations(client: postgres, logger: logger)
        let lessons = LessonLibrary(client: postgres, logger: logger)
        self.lessonSentences = { word in try await lessons.passages(mentioning: word).flatMap(TextMeasures.sentences(in:)) }
        self.queue = FeedbackQueue(redis: redis, prefix: settings.redisPrefix, claimAfter: settings.claimAfter)
        self.events = JobEvents(redis: redis, prefix: settings.redisPrefix)
        self.live = LiveFeedback(events: events, heartbeat: settings.heartbeat, logger: logger)
        self.storage = storage
        self.logger = logger
        // Load the speech model now, at start-up: its files are read once, never on a request's path.
        if Self.sharedRecogniser == nil { logger.notice("offline speech recognition is off: install ffmpeg and pocketsphinx-en-us to assess recordings without a transcript") }
        // The dictionaries, the index of near words (~0.2 s) and the language model (~40 ms) are
        // made in the background, so neither start-up nor the first essay waits for them.
        Task.detached(priority: .background) {
            if WordSequences.shared == nil {
                logger.notice("how words run together is not measured, so Writing estimates are less accurate: install pocketsphinx-en-us")
            }
            guard let speller = Speller.shared else {
                return logger.notice("spelling is not checked: install hunspell-en-gb and hunspell-en-us")
            }
            _ = speller.suggestion(for: "goverment")
        }
    }

    /// The configured providers in order, as one chain; paid ones only when `paid` is allowed.
    func provider(paid: Bool) -> any FeedbackProvider { Self.provider(settings, paid: paid, storage: storage) }

    /// The providers `settings` names, as one chain (the offline analyser when none is left);
    /// recordings are read from `storage` for providers that hear audio.
    static func provider(_ settings: FeedbackSettings, paid: Bool, offlinePause: Duration? = nil, storage: (any Storage)?) -> any FeedbackProvider {
        var chain: [any FeedbackProvider] = []
        let listener = storage.flatMap { storage in
            sharedRecogniser.map { RecordingListener(recogniser: $0, read: { key in try await recording(key, in: storage)?.bytes }) }
        }
        let offline = OfflineAnalyser(pause: offlinePause ?? settings.offlinePause, listener: listener)
        for name in settings.providers where paid || !name.isPaid {
            switch name {
            case .offline: chain.append(offline)
            case .gemini:
                if let model = geminiModel(settings) {
                    chain.append(GeminiProvider(model: model, audio: { key in
                        guard let storage else { return nil }
                        return try await recording(key, in: storage)
                    }))
                }
            case .bedrock:
                if let model = bedrockModel(settings) { chain.append(BedrockProvider(model: model)) }
            }
        }
        if chain.isEmpty { chain.append(offline) }
        return chain.count == 1 ? chain[0] : ProviderChain(chain)
    }

    /// The configured models, one place for both feedback and card sets.
    static func geminiModel(_ settings: FeedbackSettings) -> GeminiModel? {
        settings.gemini.map { GeminiModel(apiKey: $0.apiKey, model: $0.model, baseURL: $0.baseURL, timeouts: settings.timeouts,
                                          http: ProviderHTTP.client(connect: settings.timeouts.connect)) }
    }

    static func bedrockModel(_ settings: FeedbackSettings) -> BedrockModel? {
        settings.bedrock.map { BedrockModel(modelID: $0.modelID, region: $0.region, credentials: $0.credentials, endpoint: $0.endpoint,
                                            timeouts: settings.timeouts, http: ProviderHTTP.client(connect: settings.timeouts.connect)) }
    }

    /// Whether the first provider a learner with paid assessments left would get hears audio.
    var hearsAudio: Bool { settings.providers.first == .gemini && settings.gemini != nil }

    /// BandUp's offline recogniser, loaded once per process; nil when its model (Debian's
    /// pocketsphinx-en-us) or ffmpeg is missing, and then only typed transcripts are assessed offline.
    static let sharedRecogniser: Recogniser? = AudioDecoder.isAvailable() ? try? Recogniser() : nil

    /// Whether a recording alone is enough offline: the analyser can listen to it.
    var listens: Bool { Self.sharedRecogniser != nil }

    /// A learner's recording and its type, read whole from storage (at most the 10 MB upload limit).
    static func recording(_ key: String, in storage: any Storage) async throws -> (bytes: [UInt8], type: String)? {
        guard let object = try await storage.get(key) else { return nil }
        var bytes: [UInt8] = []
        for try await chunk in object.chunks { bytes += chunk.readableBytesView }
        return (bytes, object.contentType)
    }

    /// The card generators `settings` names, as one chain (the offline generator is always the
    /// last resort after a model).
    func cardGenerator(paid: Bool) -> any CardGenerator {
        let offline = OfflineCardGenerator(wordNet: SharedWordNet.instance, pause: settings.offlinePause, examples: lessonSentences)
        var chain: [any CardGenerator] = []
        for name in settings.providers where paid || !name.isPaid {
            switch name {
            case .offline: chain.append(offline)
            case .gemini: if let model = Self.geminiModel(settings) { chain.append(ModelCardGenerator(model: model)) }
            case .bedrock: if let model = Self.bedrockModel(settings) { chain.append(ModelCardGenerator(model: model)) }
            }
        }
        if !chain.contains(where: { $0.name == "offline" }) { chain.append(offline) }
        return chain.count == 1 ? chain[0] : CardGeneratorChain(chain)
    }

    /// Every kind of job this runtime's workers do.
    var jobs: [any QueuedJobs] {
        [FeedbackJobs(attempts: attempts, logger: logger) { attempt in provider(paid: attempt.paidAllowed) },
         CardGenerationJobs(generations: cardSets, logger: logger) { set in cardGenerator(paid: set.paidAllowed) }]
    }

    func worker(concurrency: Int) -> FeedbackWorker {
        FeedbackWorker(queue: queue, events: events, jobs: jobs, concurrency: concurrency, maxDeliveries: settings.maxDeliveries, logger: logger)
    }

    /// Sends a stored job (an answer's feedback, or a card set of `kind` "cards"): queued in Redis,
    /// marked in PostgreSQL. A failure here is not the learner's problem: the outbox sends it later.
    func send(_ id: UUID, kind: String = "feedback") async {
        do {
            try await queue.enqueue(id, kind: kind)
            try await (kind == "feedback" ? attempts.records : cardSets.records).markEnqueued(id: id)
        } catch {
            logger.warning("a job waits in the outbox", metadata: ["job": "\(id)", "kind": "\(kind)", "error": "\(error)"])
        }
    }
}

/// Assesses jobs inside this process until shutdown, finishing the jobs in hand first (for at
/// most `grace`; a job cut off then is claimed by another worker).
struct FeedbackWorkerService: Service {
    let worker: FeedbackWorker
    var grace: Duration = .seconds(20)

    func run() async throws {
        let stopping = StopFlag()
        let task = Task { await worker.run(stopping: { stopping.isSet }) }
        try? await gracefulShutdown()
        stopping.set()
        let deadline = Task { try await Task.sleep(for: grace); task.cancel() }
        await task.value
        deadline.cancel()
    }
}

/// Drains the outbox of every kind of job: answers and card sets stored but never queued (a crash
/// or a Redis outage between the two), and ones queued long ago that are still waiting (Redis lost them).
struct FeedbackOutbox: Service {
    let runtime: FeedbackRuntime
    var every: Duration = .seconds(5)

    func run() async throws {
        let runtime = runtime
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                for jobs in runtime.jobs {
                    do {
                        let sent = try await jobs.records.drainOutbox(after: .seconds(3), stale: .seconds(900)) { id in
                            try await runtime.queue.enqueue(id, kind: jobs.kind)
                        }
                        if sent > 0 { runtime.logger.notice("jobs sent from the outbox", metadata: ["kind": "\(jobs.kind)", "count": "\(sent)"]) }
                    } catch {
                        runtime.logger.debug("the outbox will try again", metadata: ["kind": "\(jobs.kind)", "error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: every)  // cancelled at shutdown: the loop ends
            }
        }
    }
}

/// Follows live feedback for this process's pages until shutdown.
struct LiveFeedbackService: Service {
    let live: LiveFeedback

    func run() async throws {
        let task = Task { await live.run() }
        try? await gracefulShutdown()
        task.cancel()
        await task.value
    }
}

/// Set once, read from any task.
final class StopFlag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}

/// WordNet, opened once per process when a card set first needs it (nil when it is not installed).
enum SharedWordNet {
    static let instance = WordNet()
}
