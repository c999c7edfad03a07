/// A full practice test written for tests: three reading passages (or four listening parts with a
/// recording from Public/) and 40 questions whose keys are easy to answer right or wrong on purpose.
public enum PracticeTestFixture {
    /// The key of question `n`: TRUE for odd numbers in section 1, "river" in section 2's gaps,
    /// B in section 3's multiple choice (listening: the same pattern over four parts).
    public static func markdown(slug: String = "fixture-test", kind: String = "academic-reading", minutes: Int = 60) -> String {
        let listening = kind == "listening"
        let counts = listening ? [10, 10, 10, 10] : [13, 13, 14]
        var text = "---\ntitle: Fixture \(kind) test\nslug: \(slug)\nkind: \(kind)\nminutes: \(minutes)\n---\n"
        for (index, count) in counts.enumerated() {
            let title = listening ? "Part \(index + 1)" : "Reading Passage \(index + 1)"
            text += "```section\ntitle: \(title)\n" + (listening ? "" : "heading: The river town \(index + 1)\n") + "```\n\n"
            if listening {
                text += "```audio\nsrc: audio/lessons/form-completion.mp3\ntitle: \(title)\ntranscript: |\n  GUIDE: The river town is quiet in winter and the ferry leaves at noon.\n```\n\n"
            } else {
                text += "The river town is quiet in winter and the ferry leaves at noon.\n\n"
            }
            let style = index % 3
            text += "```questions\n"
            switch style {
            case 0:
                text += "type: true-false-not-given\nquestions:\n"
                for number in 0..<count {
                    text += "  - prompt: Statement \(number + 1).\n    answer: \(number % 2 == 0 ? "TRUE" : "FALSE")\n    explanation: Because.\n    evidence: the ferry leaves at noon\n"
                }
            case 1:
                text += "type: sentence-completion\nwords: 1\nquestions:\n"
                for number in 0..<count {
                    text += "  - prompt: The town is by the ___ (\(number + 1)).\n    answer: river\n    explanation: It says so.\n    evidence: The river town\n"
                }
            default:
                text += "type: multiple-choice\nquestions:\n"
                for number in 0..<count {
                    text += "  - prompt: Question \(number + 1)?\n    options: [Winter, Noon, Summer]\n    answer: B\n    explanation: Noon.\n    evidence: leaves at noon\n"
                }
            }
            text += "```\n\n"
        }
        return text
    }
}
