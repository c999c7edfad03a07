import AWSSigning
import Feedback
import Foundation

/// How Writing and Speaking feedback is given: which providers in which order, their keys, the
/// workers inside `bandup serve`, the queue's limits and each learner's daily allowance of
/// paid assessments.
struct FeedbackSettings: Sendable {
    enum ProviderName: String, Sendable, CaseIterable {
        case offline, gemini, bedrock
        var isPaid: Bool { self != .offline }
    }

    struct Gemini: Sendable {
        var apiKey: String
        var model = "gemini-2.5-flash"
        var baseURL = "https://generativelanguage.googleapis.com"
    }

    struct Bedrock: Sendable {
        var modelID = "anthropic.claude-3-haiku-20240307-v1:0"
        var region: String
        var endpoint: String?
        var credentials: any AWSCredentialSource
    }

    /// Tried in this order (`FEEDBACK_PROVIDERS=gemini,offline`); the offline analyser needs nothing.
    var providers: [ProviderName] = [.offline]
    var gemini: Gemini?
    var bedrock: Bedrock?
    /// Jobs assessed at once inside `bandup serve` (0: leave them to `bandup worker`).
    var workers = 2
    /// Above this many waiting jobs, learners are told feedback is delayed.
    var queueLimit = 200
    /// Paid assessments per learner per day; past it the offline analyser answers.
    var dailyPaidLimit = 20
    var maxDeliveries = 3
    /// How long a job may go untouched before another worker takes it over.
    var claimAfter: Duration = .seconds(60)
    var timeouts = ProviderTimeouts()
    /// The offline analyser's pause between pieces, so its feedback streams as a model's would.
    var offlinePause: Duration = .milliseconds(40)
    var heartbeat: Duration = .seconds(15)
    /// Redis keys start with this (tests keep runs apart).
    var redisPrefix = "feedback"

    /// Reads the `FEEDBACK_*`, `GEMINI_*` and `BEDROCK_*` settings, with the problems found in them
    /// (`number` reports its own problems).
    static func load(_ value: (String) -> String?, number: (String, String, Int, ClosedRange<Int>) -> Int) -> (FeedbackSettings, [String]) {
        var settings = FeedbackSettings(), problems: [String] = []
        if let list = value("feedbackProviders") {
            var names: [ProviderName] = []
            for part in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
                if let name = ProviderName(rawValue: part) { names.append(name) } else {
                    problems.append("FEEDBACK_PROVIDERS: '\(part)' is not one of offline, gemini, bedrock")
                }
            }
            if !names.isEmpty { settings.providers = names }
        }
        if settings.providers.contains(.gemini) {
            if let key = value("geminiApiKey") {
                var gemini = Gemini(apiKey: key)
                if let model = value("geminiModel") { gemini.model = model }
                if let base = value("geminiBaseUrl") {
                    if URL(string: base)?.host == nil { problems.append("GEMINI_BASE_URL: '\(base)' is not an http(s) URL") }
                    gemini.baseURL = base
                }
                settings.gemini = gemini
            } else {
                problems.append("GEMINI_API_KEY is not set, but FEEDBACK_PROVIDERS names gemini")
            }
        }
        if settings.providers.contains(.bedrock) {
            if let credentials = AWSCredentialSettings.load(value, neededFor: "because FEEDBACK_PROVIDERS names bedrock", problems: &problems) {
                var bedrock = Bedrock(region: value("bedrockRegion") ?? value("awsRegion") ?? "us-east-1", credentials: credentials)
                if let model = value("bedrockModelId") { bedrock.modelID = model }
                if let endpoint = value("bedrockEndpoint") {
                    if URL(string: endpoint)?.host == nil { problems.append("BEDROCK_ENDPOINT: '\(endpoint)' is not an http(s) URL") }
                    bedrock.endpoint = endpoint
                }
                settings.bedrock = bedrock
            }
        }
        settings.workers = number("feedbackWorkers", "FEEDBACK_WORKERS", 2, 0...64)
        settings.queueLimit = number("feedbackQueueLimit", "FEEDBACK_QUEUE_LIMIT", 200, 1...1_000_000)
        settings.dailyPaidLimit = number("feedbackDailyLimit", "FEEDBACK_DAILY_LIMIT", 20, 0...10_000)
        settings.maxDeliveries = number("feedbackMaxDeliveries", "FEEDBACK_MAX_DELIVERIES", 3, 1...20)
        settings.claimAfter = .seconds(number("feedbackClaimAfterSeconds", "FEEDBACK_CLAIM_AFTER_SECONDS", 60, 1...3_600))
        settings.offlinePause = .milliseconds(number("feedbackOfflinePauseMs", "FEEDBACK_OFFLINE_PAUSE_MS", 40, 0...5_000))
        settings.heartbeat = .seconds(number("feedbackHeartbeatSeconds", "FEEDBACK_HEARTBEAT_SECONDS", 15, 1...300))
        settings.timeouts = ProviderTimeouts(connect: .seconds(number("feedbackConnectSeconds", "FEEDBACK_CONNECT_SECONDS", 5, 1...60)),
                                             firstToken: .seconds(number("feedbackFirstTokenSeconds", "FEEDBACK_FIRST_TOKEN_SECONDS", 20, 1...600)),
                                             total: .seconds(number("feedbackTotalSeconds", "FEEDBACK_TOTAL_SECONDS", 120, 2...1_800)))
        if let prefix = value("feedbackRedisPrefix") {
            if prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == ":" }) { settings.redisPrefix = prefix } else {
                problems.append("FEEDBACK_REDIS_PREFIX: use letters, digits, '-' and ':'")
            }
        }
        return (settings, problems)
    }
}
