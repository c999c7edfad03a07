import Testing
@testable import Scorer

/// Each grammar rule on a sentence with the slip (the problem named, the corrected sentence), and
/// correct sentences that look like slips left alone.
@Suite struct GrammarCheckTests {
    static func slips(_ sentence: String) -> [(problem: String, corrected: String)] {
        let text = TextMeasures(sentence)
        return GrammarCheck.slips(in: text).map { ($0.problem, $0.corrected(in: text)) }
    }

    static let wrong: [(String, String, String)] = [
        ("People is worried about the traffic in big cities.", "'People' is plural", "People are worried about the traffic in big cities."),
        ("People thinks that trains are slow.", "'People' is plural", "People think that trains are slow."),
        ("The city could of built a new tram line years ago.", "after could, should", "The city could have built a new tram line years ago."),
        ("Drivers need more informations about delays.", "uncountable", "Drivers need more information about delays."),
        ("It is a important decision for every government.", "use 'an'", "It is an important decision for every government."),
        ("He was an good driver.", "use 'a'", "He was a good driver."),
        ("Last year the mayor didn't went to the meeting.", "base form", "Last year the mayor didn't go to the meeting."),
        ("The service doesn't costs much.", "base form", "The service doesn't cost much."),
        ("This is the the main reason for congestion.", "repeated", "This is the main reason for congestion."),
        ("There is many reasons to build railways.", "there are", "There are many reasons to build railways."),
        ("Trains are more better than cars for long trips.", "comparative", "Trains are better than cars for long trips."),
        ("In the other hand, roads help rural areas.", "on the other hand", "On the other hand, roads help rural areas."),
        ("This are an important benefit for children.", "'This' is singular", "This is an important benefit for children."),
        ("Those was the busiest years for the railway.", "plural verb", "Those were the busiest years for the railway."),
        ("A student who pay for a course wants good teaching.", "singular", "A student who pays for a course wants good teaching."),
        ("Everyone should find a course that suit them.", "singular", "Everyone should find a course that suits them."),
        ("Everyone need a safe way to travel.", "singular", "Everyone needs a safe way to travel."),
        ("Because it make the air dirty, cars are a problem.", "takes -s", "Because it makes the air dirty, cars are a problem."),
        ("She go to work by bus.", "takes -s", "She goes to work by bus."),
        ("Governments must to invest in railways.", "without 'to'", "Governments must invest in railways."),
        ("A city can makes its streets safer.", "base form", "A city can make its streets safer."),
        ("Plastic is use in most packaging.", "past participle", "Plastic is used in most packaging."),
        ("We must discuss about the costs.", "without 'about'", "We must discuss the costs."),
        ("Despite of the cost, trams are popular.", "no 'of'", "Despite the cost, trams are popular."),
        ("Yesterday i took the train.", "capital", "Yesterday I took the train."),
    ]

    @Test(arguments: wrong) func aSlipIsFoundAndCorrected(_ sentence: String, _ problem: String, _ corrected: String) {
        let found = Self.slips(sentence)
        #expect(found.contains { $0.problem.lowercased().contains(problem.lowercased()) && $0.corrected == corrected }, "\(found)")
    }

    static let right = [
        "It is an honour to study at a university.", "She said that that was the answer.", "An hour is a long time on a bus.",
        "I believe a European rail pass is a useful idea.", "Cities that are crowded need trams, and these are cheap to run.",
        "A student who pays for a course wants good teaching.", "Students who pay for courses want good teaching.",
        "The courses that suit them best are short.", "Let it grow for a year.", "It helps people who need it.",
        "People who live there are happy.", "Everyone should have a chance.", "He had had enough of the traffic.",
        "Plastic is used in most packaging.", "An MBA is a useful degree.", "A one-way ticket is cheap.", "This is a user guide.",
        "The government must invest in railways.", "They did go, in the end.", "What it means to be a citizen is changing.",
    ]

    @Test(arguments: right) func aCorrectSentenceIsLeftAlone(_ sentence: String) {
        #expect(Self.slips(sentence).isEmpty, "\(Self.slips(sentence))")
    }

    @Test func slipsAcrossALineBreakStayInTheirSentences() {
        let text = TextMeasures("I like the\r\nthe trains. People is kind.")
        let found = GrammarCheck.slips(in: text)
        #expect(found.map(\.kind) == [.agreement], "a repeat across a line break is two sentences here: \(found)")
    }
}
