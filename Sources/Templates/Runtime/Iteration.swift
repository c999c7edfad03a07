/// Runs a loop body over anything a template can iterate.
enum Iteration {
    /// Calls `body(index, count, key, item, &state)` for each element; returns the count.
    /// Lists give their elements (key null); objects given as dictionaries give their keys in order and values.
    static func forEach(
        _ items: TemplateValue, at spot: SourceSpot, state: inout RenderState,
        _ body: (Int, Int, TemplateValue, TemplateValue, inout RenderState) throws -> Void
    ) throws -> Int {
        switch items.storage {
        case .list(let list):
            let count = list.count
            for i in 0..<count { try body(i, count, .null, TemplateValue(.element(list, i)), &state) }
            return count
        case .array(let array):
            for (i, item) in array.enumerated() { try body(i, array.count, .null, item, &state) }
            return array.count
        case .dictionary(let dictionary):
            let keys = dictionary.keys.sorted()
            for (i, key) in keys.enumerated() { try body(i, keys.count, .string(key), dictionary[key]!, &state) }
            return keys.count
        case .null:
            return 0
        case .element:
            return try forEach(items.resolved, at: spot, state: &state, body)
        default:
            throw spot.error("cannot loop over \(items.typeName.article) \(items.typeName)", hint: "'for' needs a list (or an object, for key, value pairs)")
        }
    }
}
