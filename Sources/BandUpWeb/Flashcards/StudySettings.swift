import Foundation
import Practice

/// How flashcard reviews are scheduled: FSRS-6 with its defaults (desired retention 0.9, learning
/// steps of 1 and 10 minutes, relearning 10 minutes, at most 36,500 days, fuzz on), and how many
/// new cards a learner starts a day.
struct StudySettings: Sendable {
    var scheduler = FSRS()
    var newCardsPerDay = 20

    /// Days start at midnight UTC (as the study streak counts them).
    static func dayStart(_ now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.startOfDay(for: now)
    }

    /// "in 10 minutes", "in 4 days", "in 2 months": when a card comes back, for its grade button.
    static func interval(from now: Date, to due: Date) -> String {
        let seconds = max(0, due.timeIntervalSince(now))
        switch seconds {
        case ..<3_600: let minutes = max(1, Int((seconds / 60).rounded())); return "\(minutes) min"
        case ..<86_400: let hours = Int((seconds / 3_600).rounded()); return "\(hours) h"
        case ..<(86_400 * 31): let days = Int((seconds / 86_400).rounded()); return days == 1 ? "1 day" : "\(days) days"
        case ..<(86_400 * 365): let months = Int((seconds / (86_400 * 30.4)).rounded()); return months == 1 ? "1 month" : "\(months) months"
        default: let years = seconds / (86_400 * 365.25); return String(format: years < 10 ? "%.1f years" : "%.0f years", years)
        }
    }
}
