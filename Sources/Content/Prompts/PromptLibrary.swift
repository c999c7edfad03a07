import Logging
import Practice
import PostgresNIO
import Synchronization

/// Writing and Speaking prompts in PostgreSQL: imported from `Content/prompts/` by slug, listed for
/// learners by skill, read back parsed (kept parsed in memory until the source changes).
public struct PromptLibrary: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let parsed = Cache()

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.prompts")) {
        self.client = client
        self.logger = logger
    }

    /// Upserts the prompt by slug: created, revised (the file changed) or unchanged.
    public func importPrompt(_ prompt: TaskPrompt, skill: String, source: String) async throws -> LessonLibrary.ImportResult {
        let checksum = LessonLibrary.checksum(source)
        let rows = try await client.query("""
            INSERT INTO task_prompts (slug, skill, task, title, topic, source, checksum)
            VALUES (\(prompt.slug), \(skill), \(prompt.task.rawValue), \(prompt.title), \(prompt.topic), \(source), \(checksum))
            ON CONFLICT (slug) DO UPDATE SET skill = EXCLUDED.skill, task = EXCLUDED.task, title = EXCLUDED.title, topic = EXCLUDED.topic,
                source = EXCLUDED.source, checksum = EXCLUDED.checksum, updated_at = now()
                WHERE task_prompts.checksum <> EXCLUDED.checksum
            RETURNING (xmax = 0)
            """, logger: logger).decode(Bool.self)
        for try await inserted in rows { return inserted ? .created : .revised(0) }
        return .unchanged
    }

    /// A prompt in a list: what a learner chooses by.
    public struct Listing: Sendable, Equatable {
        public let slug: String
        public let task: FeedbackTask
        public let title: String
        public let topic: String
    }

    /// The prompts of a skill ("writing", "speaking"), by task then title.
    public func all(skill: String) async throws -> [Listing] {
        let rows = try await client.query("SELECT slug, task, title, topic FROM task_prompts WHERE skill = \(skill) ORDER BY task, title", logger: logger)
            .decode((String, String, String, String).self)
        var prompts: [Listing] = []
        for try await (slug, task, title, topic) in rows {
            guard let task = FeedbackTask(rawValue: task) else { continue }
            prompts.append(Listing(slug: slug, task: task, title: title, topic: topic))
        }
        return prompts
    }

    /// The prompt with `slug` of `skill`, parsed; nil when there is none.
    public func prompt(slug: String, skill: String) async throws -> TaskPrompt? {
        let rows = try await client.query("SELECT source, checksum FROM task_prompts WHERE slug = \(slug) AND skill = \(skill)", logger: logger)
            .decode((String, String).self)
        for try await (source, checksum) in rows {
            if let cached = parsed.get(checksum) { return cached }
            let prompt = try TaskPrompt.parse(source, file: "prompts/\(skill)/\(slug).md", skill: skill)
            parsed.put(checksum, prompt)
            return prompt
        }
        return nil
    }

    /// Parsed prompts by source checksum (a few dozen prompts: no eviction needed beyond a cap).
    final class Cache: Sendable {
        private let entries = Mutex<[String: TaskPrompt]>([:])
        func get(_ key: String) -> TaskPrompt? { entries.withLock { $0[key] } }
        func put(_ key: String, _ prompt: TaskPrompt) {
            entries.withLock { entries in
                if entries.count > 500 { entries.removeAll() }
                entries[key] = prompt
            }
        }
    }
}
