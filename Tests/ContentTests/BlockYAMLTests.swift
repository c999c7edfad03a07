import Foundation
import Testing
import TestSupport
import Yams
@testable import Content

/// The blocks' YAML reader (libyaml events) against Yams's reader of the same text: the same
/// tree, lines included, for tricky YAML and for every block of the curriculum.
@Suite struct BlockYAMLTests {
    /// Yams's tree in BlockYAML's shape.
    static func viaYams(_ text: String) throws -> BlockYAML? {
        func convert(_ node: Node) -> BlockYAML {
            let line = node.mark?.line ?? 0
            switch node {
            case .scalar(let scalar): return .scalar(scalar.string, line: line)
            case .sequence(let items): return .sequence(items.map(convert), line: line)
            case .mapping(let pairs): return .mapping(pairs.map { ($0.key.string ?? "", $0.key.mark?.line ?? 0, convert($0.value)) }, line: line)
            case .alias: return .scalar("*", line: line)
            }
        }
        return try YAMLText.compose(text).map(convert)
    }

    static let samples = [
        "a: b",
        "a: 1\nb: true\nc: ~\nd: 2024-01-01\ne: 0x1F",
        "prompt: a long prompt\n  that goes on\n  over three lines\nanswer: B",
        "q: 'it''s quoted: yes'\nr: \"tab\\there \\u00e9 \\\"q\\\"\"",
        "transcript: |\n  A: first line\n  B: second line\n\nafter: x",
        "folded: >\n  one\n  two\n\n  three\n",
        "options: [a, 'b, c', \"d\"]\nanswer: [A, B]",
        "questions:\n- prompt: x\n  answer: y\n- prompt: z # a comment\n  answer: w",
        "# only a comment\nlist:\n  - one\n  -   two\n  - - nested\n    - more",
        "empty:\nnull: null\nspaces:    padded   ",
        "- term: a\n  definition: b\n- term: c\n  pos: noun\n  definition: \"d: e\"",
        "",
    ]

    @Test(arguments: samples) func sameTreeAsYams(_ text: String) throws {
        #expect(try BlockYAML.parse(text) == (try Self.viaYams(text)), "\(text)")
    }

    @Test func everyBlockOfTheCurriculumReadsTheSame() throws {
        let root = BandUpProcess.repositoryRoot.appendingPathComponent("Content").path
        var blocks = 0
        for file in ContentCheck(root: root, mediaExists: { _ in true }).lessonFiles() {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for match in text.matches(of: /\n```(?:questions|vocab|audio)\n((?:.|\n)*?)\n```/) {
                blocks += 1
                let yaml = String(match.1)
                #expect(try BlockYAML.parse(yaml) == (try Self.viaYams(yaml)), "\(file): \(yaml.prefix(80))")
            }
        }
        #expect(blocks > 40)
    }

    @Test func whatBlocksRefuse() {
        #expect(throws: BlockYAML.Problem(line: 2, message: "'a' is given twice")) { try BlockYAML.parse("a: 1\na: 2") }
        #expect(throws: BlockYAML.Problem(line: 1, message: "BandUp's blocks do not use YAML anchors (&name)")) { try BlockYAML.parse("a: &x 1\nb: *x") }
        #expect(throws: BlockYAML.Problem(line: 1, message: "BandUp's blocks do not use YAML anchors and aliases (*name)")) { try BlockYAML.parse("b: *x") }
        #expect(throws: BlockYAML.Problem(line: 1, message: "lists and mappings are nested too deeply")) {
            try BlockYAML.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        }
        #expect(throws: BlockYAML.Problem(line: 2, message: "a block holds one YAML document (no second '---')")) { try BlockYAML.parse("a: 1\n---\nb: 2") }
    }
}
