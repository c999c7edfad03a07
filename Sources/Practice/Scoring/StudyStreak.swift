import Foundation

/// Consecutive days of study, counted back from today; a streak still counts today if the
/// learner studied yesterday and has not yet today.
public enum StudyStreak {
    /// `days` are the calendar days (in `calendar`'s time zone) with any study.
    public static func length(of days: Set<DateComponents>, today: Date, calendar: Calendar) -> Int {
        func day(_ date: Date) -> DateComponents { calendar.dateComponents([.year, .month, .day], from: date) }
        var cursor = today
        if !days.contains(day(cursor)) {
            guard let yesterday = calendar.date(byAdding: .day, value: -1, to: cursor), days.contains(day(yesterday)) else { return 0 }
            cursor = yesterday
        }
        var count = 0
        while days.contains(day(cursor)) {
            count += 1
            guard let previous = calendar.date(byAdding: .day, value: -1, to: cursor) else { break }
            cursor = previous
        }
        return count
    }
}
