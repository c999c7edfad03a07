import Foundation
import PostgresNIO

/// Rows the feedback tests need: a learner and a writing prompt, inserted directly.
public enum FeedbackFixture {
    public static let promptSlug = "fixture-transport"
    public static let promptText = "Some people think governments should spend more on public transport than on roads. To what extent do you agree or disagree?"

    /// A learner's id.
    public static func learner(_ client: PostgresClient, email: String = "writer@example.com") async throws -> Int64 {
        let rows = try await client.query("""
            INSERT INTO users (email, display_name, password_hash) VALUES (\(email), 'Writer', 'x') RETURNING id
            """).decode(Int64.self)
        for try await id in rows { return id }
        throw Missing()
    }

    struct Missing: Error {}

    /// The Task 2 prompt the attempts answer.
    public static func prompt(_ client: PostgresClient) async throws {
        try await client.query("""
            INSERT INTO task_prompts (slug, skill, task, title, topic, source, checksum)
            VALUES (\(promptSlug), 'writing', 'task-2', 'Public transport or roads', 'transport', '', '')
            ON CONFLICT DO NOTHING
            """)
    }

    /// A Task 2 essay of about 280 words on the prompt, with two mistakes worth annotating.
    public static let essay = """
        Many people argue that governments should invest more money in public transport than in building new roads. \
        I completely agree with this view, because public transport moves more people, pollutes less and helps cities grow fairly.

        Firstly, trains and buses carry far more passengers than private cars. A single train can replace hundreds of cars, \
        so investment in railways reduces traffic congestion in a way that new roads never do. In fact, when a city builds \
        a new motorway, the extra space is soon filled by more drivers, and the journeys become slow again.

        Secondly, public transport is better for the environment. Cars produce a large share of the carbon emissions in most \
        cities, and the air near busy roads is often dangerous to breathe. If more people travel by electric trams or trains, \
        the air becomes cleaner and the city becomes healthier. This are an important benefit for children and older people.

        Furthermore, cheap and frequent public transport gives everyone the same chance to reach jobs, schools and hospitals. \
        People who cannot afford a car, or who are too young or too old to drive, depend on buses. Spending on roads mainly \
        helps those who already own vehicles, so it increases inequality.

        However, some roads are still necessary. Lorries deliver food to shops and ambulances need fast routes, so governments \
        cannot stop road maintenance completly. The money should be balanced carefully between the two.

        In conclusion, I believe that public transport deserves most of the investment, because it is more efficient, cleaner \
        and fairer than building roads. Governments that make this choice will have cities that work better for everyone.
        """
}
