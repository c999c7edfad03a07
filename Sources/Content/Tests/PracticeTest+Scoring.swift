import Practice

/// How an attempt at a test (or at one of its sections) scored.
public struct TestResult: Sendable, Equatable, Codable {
    /// One question's outcome, kept with the attempt for the dashboard's accuracy by type.
    public struct Item: Sendable, Equatable, Codable {
        public let number: Int
        public let type: QuestionType
        public let section: Int
        public let marks: Int
        public let outOf: Int
    }

    public let items: [Item]
    public let raw: Int
    public let outOf: Int
    /// The band for a whole test, from its kind's table; nil for one section (raw score and
    /// percentage only, as IELTS publishes no band for part of a test).
    public let band: BandScore?

    public var percentage: Int { outOf == 0 ? 0 : Int((Double(raw) * 100 / Double(outOf)).rounded()) }
}

extension PracticeTest {
    /// The question numbers of one section (a "choose TWO" question's first number).
    public func questionNumbers(inSection index: Int) -> [Int] {
        sections.indices.contains(index) ? sections[index].groups.flatMap { $0.questions.map(\.number) } : []
    }

    /// Marks `answers` (values by question number): the whole test, or only section `section`.
    public func score(_ answers: [Int: [String]], section: Int? = nil) -> TestResult {
        var items: [TestResult.Item] = []
        for (index, part) in sections.enumerated() where section == nil || section == index {
            for group in part.groups {
                for mark in group.mark(answers: answers) {
                    items.append(TestResult.Item(number: mark.number, type: group.type, section: index, marks: mark.marks, outOf: mark.outOf))
                }
            }
        }
        let raw = items.reduce(0) { $0 + $1.marks }, outOf = items.reduce(0) { $0 + $1.outOf }
        let band = section == nil && outOf == Self.fullMarks ? kind.bandTable.band(forRaw: raw) : nil
        return TestResult(items: items, raw: raw, outOf: outOf, band: band)
    }
}
