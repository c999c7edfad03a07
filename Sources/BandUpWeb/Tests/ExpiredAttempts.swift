import Content
import Foundation

/// Exam attempts whose deadline passed while the learner was away: scored with what was saved in
/// time when their list is shown, so "in progress" never lingers past the end of an exam.
struct ExpiredAttempts {
    let backends: Backends
    let tests: ParsedTests
    let clock: WallClock

    func finish(_ attempts: [TestAttempt]) async throws -> [TestAttempt] {
        let now = clock.now()
        var finished: [TestAttempt] = []
        for attempt in attempts {
            guard !attempt.isSubmitted, let deadline = attempt.deadline, now > deadline.addingTimeInterval(TestAttempts.grace) else {
                finished.append(attempt)
                continue
            }
            let test = try await tests.test(id: attempt.testID, revision: attempt.revision)
            let store = TestAttempts(client: backends.postgres)
            let scored = try await backends.database { _ in
                try await store.submit(attempt.id, userID: attempt.userID, now: deadline) { test.score($0) }
            }
            finished.append(scored ?? attempt)
        }
        return finished
    }
}
