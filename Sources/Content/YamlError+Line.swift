import Yams

extension YamlError {
    /// The line (1-based, in the YAML text) a scanner, parser or composer error points at: where
    /// the unfinished construct began (an unclosed `[`), or else where the problem was found.
    var line: Int? {
        switch self {
        case .scanner(let context, _, let mark, _), .parser(let context, _, let mark, _), .composer(let context, _, let mark, _):
            context?.mark.line ?? mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    /// The line of any error Yams throws, or 1.
    static func line(of error: any Error) -> Int { (error as? YamlError)?.line ?? 1 }
}
