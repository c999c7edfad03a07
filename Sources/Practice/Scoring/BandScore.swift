/// An IELTS band: 0 to 9 in half bands.
public struct BandScore: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The band, such as 6.5.
    public let value: Double

    /// A band from a value that is already a half band from 0 to 9; nil otherwise.
    public init?(_ value: Double) {
        guard (0...9).contains(value), (value * 2).rounded() == value * 2 else { return nil }
        self.value = value
    }

    init(unchecked value: Double) { self.value = value }

    public static func < (a: BandScore, b: BandScore) -> Bool { a.value < b.value }

    /// "6.5", "7.0": bands are written with one decimal.
    public var description: String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The overall band from the four skills' bands, by the official rule: the mean, rounded to
    /// the nearest half band, where a mean ending in .25 rounds up to the next half band and one
    /// ending in .75 up to the next whole band (6.25 → 6.5, 6.125 → 6.0, 6.75 → 7.0, 6.625 → 6.5).
    /// Source: IELTS, "How IELTS is scored" (ielts.org), with its worked examples.
    public static func overall(_ bands: [BandScore]) -> BandScore? {
        guard !bands.isEmpty else { return nil }
        let mean = bands.reduce(0) { $0 + $1.value } / Double(bands.count)
        // A tolerance keeps float noise (a mean of thirds) from moving a boundary case.
        let tolerance = 1e-9
        let whole = (mean + tolerance).rounded(.down)
        let fraction = mean - whole
        let band: Double = switch fraction + tolerance {
        case ..<0.25: whole
        case ..<0.75: whole + 0.5
        default: whole + 1
        }
        return BandScore(unchecked: min(9, band))
    }
}
