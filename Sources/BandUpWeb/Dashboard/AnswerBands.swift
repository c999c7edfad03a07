import Feedback
import Foundation
import Practice

/// Writing and Speaking bands from the learner's assessed answers: Writing combines the latest
/// Task 1 and Task 2 (Task 2 counts double), Speaking is the mean of the latest answer in each part
/// (both with IELTS's rounding); every assessed answer is a point of the skill's history.
struct AnswerBands {
    let skill: String
    /// Assessed answers of the skill, oldest first.
    let answers: [FeedbackAttempt]

    init(skill: String, from all: [FeedbackAttempt]) {
        self.skill = skill
        answers = all.filter { $0.result?.scoredBand != nil && (skill == "writing" ? $0.task.isWriting : $0.task.isSpeaking) }
            .sorted { ($0.completedAt ?? $0.savedAt) < ($1.completedAt ?? $1.savedAt) }
    }

    /// The latest band of `task`, if it was assessed.
    private func latest(_ tasks: Set<FeedbackTask>) -> Double? { answers.last { tasks.contains($0.task) }?.result?.band }

    var band: BandScore? {
        if skill == "writing" {
            return FeedbackResult.writingBand(task1: latest([.academicTask1, .generalTask1]), task2: latest([.task2])).flatMap(BandScore.init)
        }
        let parts: [FeedbackTask] = [.speakingPart1, .speakingPart2, .speakingPart3]
        return BandScore.overall(parts.compactMap { latest([$0]).flatMap(BandScore.init) })
    }

    /// Whether the latest answers were scored by the offline analyser (an estimate).
    var isEstimate: Bool { answers.suffix(3).contains { $0.result?.isEstimate == true } }

    var points: [BandChart.Point] {
        answers.compactMap { answer in
            answer.result.flatMap { BandScore($0.band) }.map {
                BandChart.Point(date: answer.completedAt ?? answer.savedAt, band: $0, title: "\(answer.promptTitle) (\(answer.task.displayName))")
            }
        }
    }
}
