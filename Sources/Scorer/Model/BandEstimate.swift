import Practice

/// The scorer's answer for one essay: the band, the range that held the examiner's band 80% of
/// the time on essays the model had not seen, and criterion bands whose IELTS-rounded mean is
/// the band. The criterion bands are the model's division of the overall band: the rated essays
/// it learned from carry only an overall band.
public struct BandEstimate: Sendable, Equatable {
    /// The unrounded estimate.
    public let raw: Double
    /// The estimate as a half band (1...9).
    public let band: Double
    /// The 80% range, in half bands.
    public let low: Double
    public let high: Double
    /// Task Achievement/Response, Coherence and Cohesion, Lexical Resource, Grammatical Range and Accuracy.
    public let criteria: [Double]

    public static func halfBand(_ value: Double) -> Double { min(9, max(1, (value * 2).rounded() / 2)) }

    public init(raw: Double, criteria rawCriteria: [Double], halfWidth: Double) {
        self.raw = raw
        let band = Self.halfBand(raw)
        self.band = band
        low = min(band, max(1, ((raw - halfWidth) * 2).rounded(.up) / 2))
        high = max(band, min(9, ((raw + halfWidth) * 2).rounded(.down) / 2))
        criteria = Self.consistent(rawCriteria, with: band, raw: raw)
    }

    /// Criterion bands centred on the overall estimate, then nudged (the one nearest its rounding
    /// boundary first) until their mean, rounded as IELTS rounds, is `band`.
    static func consistent(_ raw: [Double], with band: Double, raw overall: Double) -> [Double] {
        guard !raw.isEmpty else { return [] }
        let shift = overall - raw.reduce(0, +) / Double(raw.count)
        let wanted = raw.map { $0 + shift }
        var bands = wanted.map(halfBand)
        for _ in 0..<16 {
            guard let mean = BandScore.overall(bands.compactMap(BandScore.init))?.value, mean != band else { break }
            let residuals = zip(wanted, bands).map { $0 - $1 }
            if mean < band {
                let candidates = bands.indices.filter { bands[$0] < 9 }
                guard let index = candidates.max(by: { residuals[$0] < residuals[$1] }) else { break }
                bands[index] += 0.5
            } else {
                let candidates = bands.indices.filter { bands[$0] > 1 }
                guard let index = candidates.min(by: { residuals[$0] < residuals[$1] }) else { break }
                bands[index] -= 0.5
            }
        }
        return bands
    }

    /// "Band 6.5 (likely 6.0-7.0)".
    public var description: String {
        let band = BandScore(band)?.description ?? String(band)
        guard low < high else { return "Band \(band)" }
        return "Band \(band) (likely \(BandScore(low)?.description ?? String(low))-\(BandScore(high)?.description ?? String(high)))"
    }
}
