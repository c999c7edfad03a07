import Foundation

/// How close a scorer's bands are to examiners' on a set of essays: the figures of the model card
/// (docs/scoring.md), computed the same way for the offline scorer, Gemini or Bedrock.
public struct ScoreMetrics: Sendable {
    /// One essay: the examiner's band, the estimate, and the range if the scorer gave one.
    public struct Pair: Sendable {
        public let examiner: Double
        public let estimate: Double
        public let low: Double?
        public let high: Double?

        public init(examiner: Double, estimate: Double, low: Double? = nil, high: Double? = nil) {
            self.examiner = examiner
            self.estimate = estimate
            self.low = low
            self.high = high
        }
    }

    public let pairs: [Pair]
    public init(_ pairs: [Pair]) { self.pairs = pairs }

    public var count: Int { pairs.count }
    var n: Double { Double(max(1, pairs.count)) }

    /// Mean absolute error, in bands.
    public var meanAbsoluteError: Double { pairs.reduce(0) { $0 + abs($1.examiner - $1.estimate) } / n }
    /// Share within half a band of the examiner.
    public var withinHalf: Double { Double(pairs.filter { abs($0.examiner - $0.estimate) <= 0.5 + 1e-9 }.count) / n }
    /// Share exactly the examiner's band.
    public var exact: Double { Double(pairs.filter { abs($0.examiner - $0.estimate) < 1e-9 }.count) / n }
    /// Share of ranges that hold the examiner's band (nil when no pair has a range).
    public var rangeCoverage: Double? {
        let ranged = pairs.filter { $0.low != nil && $0.high != nil }
        guard !ranged.isEmpty else { return nil }
        return Double(ranged.filter { $0.low! - 1e-9 <= $0.examiner && $0.examiner <= $0.high! + 1e-9 }.count) / Double(ranged.count)
    }
    /// Mean width of the ranges, in bands.
    public var meanRangeWidth: Double? {
        let ranged = pairs.filter { $0.low != nil && $0.high != nil }
        guard !ranged.isEmpty else { return nil }
        return ranged.reduce(0) { $0 + $1.high! - $1.low! } / Double(ranged.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }

    public var examinerSpread: Double { Self.standardDeviation(pairs.map(\.examiner)) }
    public var estimateSpread: Double { Self.standardDeviation(pairs.map(\.estimate)) }

    /// Pearson's correlation of estimates with examiners' bands.
    public var pearson: Double {
        let x = pairs.map(\.examiner), y = pairs.map(\.estimate)
        let sx = Self.standardDeviation(x), sy = Self.standardDeviation(y)
        guard sx > 0, sy > 0 else { return 0 }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        return zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / n / (sx * sy)
    }

    /// Quadratic weighted kappa over the half bands 1.0...9.0 (17 categories).
    public var quadraticWeightedKappa: Double {
        let k = 17
        func category(_ band: Double) -> Int { min(k - 1, max(0, Int(((band - 1) * 2).rounded()))) }
        var observed = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var rows = [Double](repeating: 0, count: k), columns = [Double](repeating: 0, count: k)
        for pair in pairs {
            let a = category(pair.examiner), b = category(pair.estimate)
            observed[a][b] += 1
            rows[a] += 1
            columns[b] += 1
        }
        var numerator = 0.0, denominator = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let weight = Double((i - j) * (i - j)) / Double((k - 1) * (k - 1))
                numerator += weight * observed[i][j]
                denominator += weight * rows[i] * columns[j] / n
            }
        }
        return denominator == 0 ? 0 : 1 - numerator / denominator
    }

    /// Counts by the examiner's whole band (rows) and the estimate's (columns), bands 1-9.
    public var confusion: [[Int]] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: 9), count: 9)
        for pair in pairs {
            let row = min(8, max(0, Int(pair.examiner.rounded(.down)) - 1)), column = min(8, max(0, Int(pair.estimate.rounded(.down)) - 1))
            table[row][column] += 1
        }
        return table
    }

    /// The figures as a Markdown report (what `bandup feedback evaluate` prints).
    public func report(title: String, refused: Int = 0, failed: Int = 0) -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        func number(_ value: Double) -> String { String(format: "%.2f", value) }
        var lines = ["## \(title)", "", "| measure | value |", "|---|---|",
                     "| essays scored | \(count) |", "| refused (no band) | \(refused) |", "| failed | \(failed) |",
                     "| mean absolute error | \(number(meanAbsoluteError)) |", "| within ±0.5 | \(percent(withinHalf)) |",
                     "| exact | \(percent(exact)) |", "| quadratic weighted kappa | \(number(quadraticWeightedKappa)) |",
                     "| Pearson r | \(number(pearson)) |",
                     "| spread (SD) of estimates / examiners | \(number(estimateSpread)) / \(number(examinerSpread)) |"]
        if let coverage = rangeCoverage, let width = meanRangeWidth {
            lines.append("| 80% range holds the examiner's band | \(percent(coverage)) (mean width \(number(width))) |")
        }
        lines += ["", "Confusion by whole band (rows: examiner, columns: estimate):", "",
                  "| examiner \\ estimate | " + (1...9).map(String.init).joined(separator: " | ") + " |",
                  "|---|" + String(repeating: "---|", count: 9)]
        for (index, row) in confusion.enumerated() where row.contains(where: { $0 > 0 }) {
            lines.append("| \(index + 1) | " + row.map(String.init).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
