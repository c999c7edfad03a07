import Testing
@testable import Scorer

/// The model card's figures on pairs small enough to work out by hand.
@Suite struct ScoreMetricsTests {
    @Test func figuresOfASmallSet() {
        let metrics = ScoreMetrics([
            .init(examiner: 6, estimate: 6, low: 5.5, high: 6.5), .init(examiner: 7, estimate: 6.5, low: 6, high: 7),
            .init(examiner: 5, estimate: 6, low: 5.5, high: 6.5), .init(examiner: 8, estimate: 7, low: 6.5, high: 7.5),
        ])
        #expect(metrics.meanAbsoluteError == 0.625)
        #expect(metrics.withinHalf == 0.5 && metrics.exact == 0.25 && metrics.rangeCoverage == 0.5 && metrics.meanRangeWidth == 1)
        #expect(abs(metrics.examinerSpread - 1.118) < 0.001 && abs(metrics.estimateSpread - 0.415) < 0.001)
        #expect(metrics.confusion[5][5] == 1 && metrics.confusion[4][5] == 1 && metrics.confusion[7][6] == 1)
        #expect(metrics.pearson > 0.5 && metrics.pearson < 1)
    }

    @Test func kappaIsOneForAgreementAndZeroForAConstant() {
        let same = ScoreMetrics([5, 6, 7, 8].map { .init(examiner: $0, estimate: $0) })
        #expect(abs(same.quadraticWeightedKappa - 1) < 1e-9 && abs(same.pearson - 1) < 1e-9)
        let constant = ScoreMetrics([5, 6, 7, 8].map { .init(examiner: $0, estimate: 6) })
        #expect(abs(constant.quadraticWeightedKappa) < 1e-9 && constant.pearson == 0 && constant.rangeCoverage == nil)
        #expect(constant.report(title: "constant").contains("| within ±0.5 | 25.0% |"))
    }
}
