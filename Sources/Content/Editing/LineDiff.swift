/// A line-by-line comparison of two revisions, from the standard library's `difference(from:)`,
/// with long unchanged stretches folded.
public enum LineDiff {
    public enum Row: Sendable, Equatable {
        case same(old: Int, new: Int, text: String)
        case removed(old: Int, text: String)
        case added(new: Int, text: String)
        /// Unchanged lines left out of the view.
        case folded(count: Int)
    }

    /// Every line of `old` and `new` in order, numbered from 1, marked unchanged, removed or added.
    public static func rows(from old: String, to new: String) -> [Row] {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = after.difference(from: before)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var rows: [Row] = []
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                rows.append(.removed(old: i + 1, text: before[i]))
                i += 1
            } else if j < after.count, inserted.contains(j) {
                rows.append(.added(new: j + 1, text: after[j]))
                j += 1
            } else {
                rows.append(.same(old: i + 1, new: j + 1, text: before[i]))
                i += 1
                j += 1
            }
        }
        return rows
    }

    /// The changed lines with `context` unchanged lines around each change; the rest folded.
    public static func changes(from old: String, to new: String, context: Int = 3) -> [Row] {
        let all = rows(from: old, to: new)
        let changed = all.indices.filter { if case .same = all[$0] { false } else { true } }
        var keep = Set<Int>()
        for index in changed { keep.formUnion(max(0, index - context)...min(all.count - 1, index + context)) }
        var result: [Row] = []
        var folded = 0
        for (index, row) in all.enumerated() {
            if keep.contains(index) {
                if folded > 0 { result.append(.folded(count: folded)) }
                folded = 0
                result.append(row)
            } else {
                folded += 1
            }
        }
        if folded > 0 { result.append(.folded(count: folded)) }
        return result
    }
}
