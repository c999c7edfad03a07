/// What a full test is: the three kinds BandUp scores, each with its own raw-score table.
public enum TestKind: String, Sendable, CaseIterable, Codable {
    case academicReading = "academic-reading"
    case generalReading = "general-reading"
    case listening

    public var displayName: String {
        switch self {
        case .academicReading: "Academic Reading"
        case .generalReading: "General Training Reading"
        case .listening: "Listening"
        }
    }

    /// The skill a band of this kind counts towards.
    public var skill: String { self == .listening ? "listening" : "reading" }

    /// Sections a full test has: three passages or four parts.
    public var sections: Int { self == .listening ? 4 : 3 }

    /// The raw score (out of 40) → band table for this kind.
    public var bandTable: BandTable {
        switch self {
        case .listening: .listening
        case .academicReading: .academicReading
        case .generalReading: .generalReading
        }
    }
}

/// Raw score out of 40 → band, for one kind of test.
///
/// Sources: the anchor points IELTS publishes in "IELTS scoring in detail"
/// (https://ielts.org/take-a-test/your-results/ielts-scoring-in-detail): Listening
/// 16 → 5, 23 → 6, 30 → 7, 35 → 8; Academic Reading 15 → 5, 23 → 6, 30 → 7, 35 → 8; General
/// Training Reading 15 → 4, 23 → 5, 30 → 6, 34 → 7; and the full conversion tables commonly
/// published by IELTS test centres and preparation providers (IDP, British Council teaching
/// material), which agree with those anchors. Below band 2.5 no table is published; BandUp gives
/// 2.0 and 1.0 (a submitted test is never band 0, "did not attempt").
public struct BandTable: Sendable, Equatable {
    /// The lowest raw score for each band, highest band first.
    public let minimums: [(band: Double, raw: Int)]

    public static func == (a: BandTable, b: BandTable) -> Bool {
        a.minimums.map(\.band) == b.minimums.map(\.band) && a.minimums.map(\.raw) == b.minimums.map(\.raw)
    }

    public static let listening = BandTable(minimums: [
        (9, 39), (8.5, 37), (8, 35), (7.5, 32), (7, 30), (6.5, 26), (6, 23), (5.5, 18), (5, 16), (4.5, 13), (4, 11),
        (3.5, 8), (3, 6), (2.5, 4), (2, 2), (1, 0),
    ])

    public static let academicReading = BandTable(minimums: [
        (9, 39), (8.5, 37), (8, 35), (7.5, 33), (7, 30), (6.5, 27), (6, 23), (5.5, 19), (5, 15), (4.5, 13), (4, 10),
        (3.5, 8), (3, 6), (2.5, 4), (2, 2), (1, 0),
    ])

    public static let generalReading = BandTable(minimums: [
        (9, 40), (8.5, 39), (8, 37), (7.5, 36), (7, 34), (6.5, 32), (6, 30), (5.5, 27), (5, 23), (4.5, 19), (4, 15),
        (3.5, 12), (3, 9), (2.5, 6), (2, 4), (1, 0),
    ])

    /// The band for `raw` correct answers out of 40 (clamped to 0...40).
    public func band(forRaw raw: Int) -> BandScore {
        let raw = min(40, max(0, raw))
        let band = minimums.first { raw >= $0.raw }?.band ?? 1
        return BandScore(unchecked: band)
    }
}
