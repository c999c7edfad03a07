import Foundation
import Testing
@testable import Feedback

/// The `feedback` prose is handed out while the JSON answer is still arriving, however the
/// stream is cut.
@Suite struct StreamedFieldTests {
    static let answers = [
        #"{"feedback": "Plain prose.", "criteria": []}"#,
        #"  {"criteria": [{"feedback": "nested, not this"}], "feedback": "Second \"quoted\" \\ slash\/ tab\t line\nend", "x": "feedback"}"#,
        #"{"feedback":"caf\u00e9 \u2014 \ud83d\udc4d done","annotations":[{"sentence":"a } b ] c"}]}"#,
        #"```json\n{"feedback": "Fenced — é 👍", "n": 6.5}\n```"#,
        #"{"a": {"feedback": "inner"}, "b": ["feedback", "x"], "feedback": "outer"}"#,
    ]

    @Test(arguments: answers) func everyCutGivesTheSameProse(_ answer: String) throws {
        let start = answer.firstIndex(of: "{")!, end = answer.lastIndex(of: "}")!
        let object = try #require(JSONSerialization.jsonObject(with: Data(answer[start...end].utf8)) as? [String: Any])
        let expected = try #require(object["feedback"] as? String)
        let scalars = Array(answer.unicodeScalars)
        for cut in 0...scalars.count {
            for second in [cut, min(scalars.count, cut + 3)] {
                var field = StreamedField("feedback"), shown = ""
                for piece in [scalars[..<cut], scalars[cut..<second], scalars[second...]] {
                    shown += field.add(String(String.UnicodeScalarView(piece)))
                }
                #expect(shown == expected, "cut at \(cut), \(second)")
                #expect(field.json == answer)
            }
        }
    }

    @Test func aLoneSurrogateBecomesAReplacementCharacter() {
        var field = StreamedField("feedback")
        #expect(field.add(#"{"feedback": "a\ud83d b\udc4d c"}"#) == "a\u{FFFD} b\u{FFFD} c")
    }
}
