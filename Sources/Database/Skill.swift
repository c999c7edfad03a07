import PostgresNIO

/// One of the four parts of the IELTS test (Listening, Reading, Writing, Speaking).
public struct Skill: Sendable, Equatable {
    public let slug: String
    public let name: String
    public let minutes: String
    public let format: String
    public let summary: String

    /// All skills in test order.
    public static func all(in client: PostgresClient) async throws -> [Skill] {
        var skills: [Skill] = []
        let rows = try await client.query("SELECT slug, name, minutes, format, summary FROM skills ORDER BY position")
        for try await (slug, name, minutes, format, summary) in rows.decode((String, String, String, String, String).self) {
            skills.append(Skill(slug: slug, name: name, minutes: minutes, format: format, summary: summary))
        }
        return skills
    }
}
