import Testing
@testable import Practice

/// Raw scores to bands at every boundary of all three tables, and the overall-band rounding.
@Suite struct BandTests {
    /// Each table's bands and the raw scores that give them (lowest, highest), as published.
    static let tables: [(TestKind, [(Double, ClosedRange<Int>)])] = [
        (.listening, [(9, 39...40), (8.5, 37...38), (8, 35...36), (7.5, 32...34), (7, 30...31), (6.5, 26...29), (6, 23...25), (5.5, 18...22),
                      (5, 16...17), (4.5, 13...15), (4, 11...12), (3.5, 8...10), (3, 6...7), (2.5, 4...5), (2, 2...3), (1, 0...1)]),
        (.academicReading, [(9, 39...40), (8.5, 37...38), (8, 35...36), (7.5, 33...34), (7, 30...32), (6.5, 27...29), (6, 23...26), (5.5, 19...22),
                            (5, 15...18), (4.5, 13...14), (4, 10...12), (3.5, 8...9), (3, 6...7), (2.5, 4...5), (2, 2...3), (1, 0...1)]),
        (.generalReading, [(9, 40...40), (8.5, 39...39), (8, 37...38), (7.5, 36...36), (7, 34...35), (6.5, 32...33), (6, 30...31), (5.5, 27...29),
                           (5, 23...26), (4.5, 19...22), (4, 15...18), (3.5, 12...14), (3, 9...11), (2.5, 6...8), (2, 4...5), (1, 0...3)]),
    ]

    @Test(arguments: tables) func everyBoundary(_ kind: TestKind, _ rows: [(Double, ClosedRange<Int>)]) {
        var covered = Set<Int>()
        for (band, raws) in rows {
            for raw in [raws.lowerBound, raws.upperBound] {
                #expect(kind.bandTable.band(forRaw: raw).value == band, "\(kind) raw \(raw)")
            }
            if raws.lowerBound > 0 { #expect(kind.bandTable.band(forRaw: raws.lowerBound - 1).value < band, "\(kind) below \(raws)") }
            covered.formUnion(raws)
        }
        #expect(covered == Set(0...40), "\(kind) covers every raw score once")
        #expect(kind.bandTable.band(forRaw: 55).value == 9 && kind.bandTable.band(forRaw: -3).value == 1)
    }

    @Test func theOfficialAnchors() {
        // ielts.org: Listening 16/23/30/35, Academic 15/23/30/35 for bands 5-8; General Training 15/23/30/34 for bands 4-7.
        #expect([16, 23, 30, 35].map { TestKind.listening.bandTable.band(forRaw: $0).value } == [5, 6, 7, 8])
        #expect([15, 23, 30, 35].map { TestKind.academicReading.bandTable.band(forRaw: $0).value } == [5, 6, 7, 8])
        #expect([15, 23, 30, 34].map { TestKind.generalReading.bandTable.band(forRaw: $0).value } == [4, 5, 6, 7])
    }

    /// The four skills' bands and the overall band.
    static let overall: [([Double], Double)] = [
        ([6.5, 6.5, 5.0, 7.0], 6.5),    // mean 6.25 → up to the next half band
        ([4.0, 3.5, 4.0, 4.0], 4.0),    // 3.875 → up to the next whole band
        ([6.5, 6.5, 5.5, 6.0], 6.0),    // 6.125 → down
        ([7.0, 7.0, 6.5, 6.5], 7.0),    // 6.75 → up to the next whole band
        ([6.0, 6.5, 6.5, 6.5], 6.5),    // 6.375
        ([7.0, 6.5, 6.5, 6.5], 6.5),    // 6.625
        ([6.0, 6.0, 6.0, 6.0], 6.0),
        ([9.0, 9.0, 9.0, 8.5], 9.0),    // 8.875
        ([1.0, 1.0, 1.0, 1.5], 1.0),    // 1.125
        ([5.5, 6.0, 6.0, 6.0], 6.0),    // 5.875
        ([5.0, 5.5, 5.5, 5.0], 5.5),    // 5.25
    ]

    @Test(arguments: overall) func overallBandRounding(_ bands: [Double], _ expected: Double) {
        #expect(BandScore.overall(bands.compactMap(BandScore.init))?.value == expected, "\(bands)")
    }

    @Test func bandsAreHalfBandsFromZeroToNine() {
        #expect(BandScore(6.5) != nil && BandScore(6.3) == nil && BandScore(9.5) == nil && BandScore(-1) == nil)
        #expect(BandScore(7)!.description == "7.0" && BandScore(6.5)!.description == "6.5")
        #expect(BandScore.overall([]) == nil)
        #expect(BandScore.overall([6, 6.5, 7].compactMap(BandScore.init))?.value == 6.5)  // known skills only
    }
}
