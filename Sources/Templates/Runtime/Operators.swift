import FoundationEssentials

/// Arithmetic, comparison, membership and subscripts on template values.
enum Operators {
    static func apply(_ op: BinaryOperator, _ lhs: TemplateValue, _ rhs: TemplateValue, at spot: SourceSpot) throws -> TemplateValue {
        let l = lhs.resolved, r = rhs.resolved
        switch op {
        case .equal: return .bool(equal(l, r))
        case .notEqual: return .bool(!equal(l, r))
        case .less, .lessEqual, .greater, .greaterEqual:
            let order = try compare(l, r, op, at: spot)
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .in: return .bool(try contains(r, l, at: spot))
        case .notIn: return .bool(!(try contains(r, l, at: spot)))
        case .concat:
            return .string((try ValueWriter.plainText(l, at: spot) ?? "") + (try ValueWriter.plainText(r, at: spot) ?? ""))
        case .add:
            if case .string(let a) = l.storage, case .string(let b) = r.storage { return .string(a + b) }
            return try arithmetic(op, l, r, at: spot)
        case .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, l, r, at: spot)
        case .and, .or:
            return .bool(op == .and ? l.isTruthy && r.isTruthy : l.isTruthy || r.isTruthy)
        }
    }

    private static func listItems(_ v: TemplateValue) -> [TemplateValue] {
        switch v.storage {
        case .array(let items): return items
        case .list(let list): return (0..<list.count).map { list.element(at: $0) }
        default: return []
        }
    }

    static func number(_ v: TemplateValue) -> Double? {
        switch v.storage {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ l: TemplateValue, _ r: TemplateValue, at spot: SourceSpot) throws -> TemplateValue {
        if case .int(let a) = l.storage, case .int(let b) = r.storage, op != .divide {
            switch op {
            case .add: return .int(a &+ b)
            case .subtract: return .int(a &- b)
            case .multiply: return .int(a &* b)
            default:
                guard b != 0 else { throw spot.error("remainder by zero") }
                return .int(b == -1 ? 0 : a % b)
            }
        }
        guard let a = number(l), let b = number(r) else {
            throw spot.error("'\(op.rawValue)' needs numbers, not \(l.typeName) and \(r.typeName)")
        }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide:
            guard b != 0 else { throw spot.error("division by zero") }
            return .double(a / b)
        default:
            guard b != 0 else { throw spot.error("remainder by zero") }
            return .double(a.truncatingRemainder(dividingBy: b))
        }
    }

    static func equal(_ l: TemplateValue, _ r: TemplateValue) -> Bool {
        switch (l.resolved.storage, r.resolved.storage) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.html(let a), .html(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.array, .array), (.array, .list), (.list, .array), (.list, .list):
            return listItems(l.resolved).elementsEqual(listItems(r.resolved)) { equal($0, $1) }
        case (.dictionary(let a), .dictionary(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            if let a = number(l.resolved), let b = number(r.resolved) { return a == b }
            return false
        }
    }

    private static func compare(_ l: TemplateValue, _ r: TemplateValue, _ op: BinaryOperator, at spot: SourceSpot) throws -> Int {
        if case .int(let a) = l.storage, case .int(let b) = r.storage { return a < b ? -1 : a > b ? 1 : 0 }
        if let a = number(l), let b = number(r) { return a < b ? -1 : a > b ? 1 : 0 }
        switch (l.storage, r.storage) {
        case (.string(let a), .string(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.date(let a), .date(let b)): return a < b ? -1 : a > b ? 1 : 0
        default:
            throw spot.error("cannot compare \(l.typeName) with \(r.typeName) using '\(op.rawValue)'",
                             hint: l.isNull || r.isNull ? "one side is null; check it first or use the default filter" : nil)
        }
    }

    private static func contains(_ container: TemplateValue, _ item: TemplateValue, at spot: SourceSpot) throws -> Bool {
        switch container.storage {
        case .string(let s):
            guard case .string(let needle) = item.storage else { throw spot.error("'in' a string needs a string, not \(item.typeName)") }
            return s.contains(needle)
        case .array(let a): return a.contains { equal($0, item) }
        case .list(let l): return (0..<l.count).contains { equal(l.element(at: $0), item) }
        case .dictionary(let d):
            guard case .string(let key) = item.storage else { return false }
            return d[key] != nil
        case .object(let o):
            guard case .string(let key) = item.storage else { return false }
            return o.member(key) != nil
        case .null: return false
        default: throw spot.error("'in' needs a list, string or object on its right, not \(container.typeName)")
        }
    }

    static func negate(_ value: TemplateValue, at spot: SourceSpot) throws -> TemplateValue {
        switch value.resolved.storage {
        case .int(let i) where i != .min: return .int(-i)
        case .int(let i): return .double(-Double(i))
        case .double(let d): return .double(-d)
        default: throw spot.error("'-' needs a number, not \(value.typeName)")
        }
    }

    /// `value[key]`: lists by int (negative counts from the end), objects by string; nil when absent.
    static func subscripted(_ value: TemplateValue, _ key: TemplateValue, at spot: SourceSpot) throws -> TemplateValue? {
        let v = value.resolved
        switch (v.storage, key.resolved.storage) {
        case (.array(let a), .int(let i)):
            let index = i < 0 ? a.count + i : i
            return a.indices.contains(index) ? a[index] : nil
        case (.list(let l), .int(let i)):
            let index = i < 0 ? l.count + i : i
            return index >= 0 && index < l.count ? l.element(at: index) : nil
        case (_, .string(let name)) where v.member(name) != nil || isObject(value):
            return value.member(name)
        default:
            throw spot.error("cannot subscript \(value.typeName) with \(key.typeName)",
                             hint: "lists take an int index, objects a string key")
        }
    }

    private static func isObject(_ v: TemplateValue) -> Bool {
        switch v.storage {
        case .dictionary, .object, .element: return true
        default: return false
        }
    }

    static func missingMember(_ name: String, of value: TemplateValue, at spot: SourceSpot) -> TemplateError {
        switch value.resolved.storage {
        case .null:
            return spot.error("cannot read '\(name)' of null", hint: "check the value first ({% if x %}) or use the default filter")
        case .array, .list:
            return spot.error("a list has no member '\(name)'", hint: name == "count" || name == "length" ? "use the count filter: {{ items | count }}" : "loop over it or subscript it, e.g. items[0]")
        case .dictionary, .object:
            return spot.error("undefined member '\(name)'", hint: "the object has no member of that name; use the default filter if it is optional")
        default:
            return spot.error("a \(value.typeName) has no member '\(name)'")
        }
    }
}
