import API
import Foundation
import Hummingbird
import Practice
import Study

/// The dashboard's figures over the API: bands per skill with their history, the estimated
/// overall band, accuracy by question type (the weakest marked), and the flashcards due.
struct ProgressOperations {
    let dashboard: DashboardController
    let backends: Backends
    let study: StudySettings

    var handlers: [String: APIHandler] { ["getDashboard": figures] }

    func figures(_ call: APICall) async throws -> Response {
        let user = try call.user
        let page = try await dashboard.load(user)
        let weak = page.weakest
        var latest: [BandScore] = []
        let skills: [JSONValue] = DashboardPage.skills.map { skill in
            let (points, band, isEstimate) = page.history(of: skill)
            if let band { latest.append(band) }
            return .object([
                ("skill", .string(skill)), ("latest", .number(band?.value)), ("best", .number(points.map(\.band.value).max())),
                ("estimate", .bool(isEstimate)),
                ("history", .array(points.map { .object([("at", .date($0.date)), ("band", .double($0.band.value)), ("title", .string($0.title))]) })),
            ])
        }
        let decks = Decks(client: backends.postgres), now = page.now, study = study
        let due = try await backends.database { _ in
            try await decks.due(userID: user.id, now: now, dayStart: StudySettings.dayStart(now), newPerDay: study.newCardsPerDay)
        }
        return APIResponse.json([
            "overall": .number(BandScore.overall(latest)?.value),
            "skills": .array(skills),
            "questionTypes": .array(page.typeAccuracy.map { row in
                .object([("type", .string(row.type.rawValue)), ("marks", .int(Int64(row.marks))), ("outOf", .int(Int64(row.outOf))),
                         ("percent", .int(Int64(row.percent))), ("weak", .bool(weak.contains(row.type)))])
            }),
            "flashcardsDue": .int(Int64(due.total)),
        ])
    }
}
