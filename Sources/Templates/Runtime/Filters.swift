import FoundationEssentials

/// A filter: `{{ value | name(arguments) }}`.
struct Filter: Sendable {
    let name: String
    /// Allowed argument counts.
    let arity: ClosedRange<Int>
    let summary: String
    let apply: @Sendable (TemplateValue, [TemplateValue], SourceSpot) throws -> TemplateValue
}

/// The built-in filters.
enum Filters {
    static let all: [String: Filter] = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })

    static let list: [Filter] = [
        Filter(name: "upper", arity: 0...0, summary: "UPPERCASE") { v, _, spot in .string(try text(v, "upper", spot).uppercased()) },
        Filter(name: "lower", arity: 0...0, summary: "lowercase") { v, _, spot in .string(try text(v, "lower", spot).lowercased()) },
        Filter(name: "capitalize", arity: 0...0, summary: "First letter uppercase") { v, _, spot in
            let s = try text(v, "capitalize", spot)
            return .string(s.prefix(1).uppercased() + s.dropFirst())
        },
        Filter(name: "trim", arity: 0...0, summary: "strip surrounding whitespace") { v, _, spot in
            let s = try text(v, "trim", spot)
            return .string(String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
        },
        Filter(name: "truncate", arity: 1...2, summary: "at most n characters, then an ellipsis") { v, args, spot in
            let s = try text(v, "truncate", spot)
            let n = try int(args[0], "truncate", spot)
            guard s.count > n else { return .string(s) }
            let end = args.count > 1 ? try text(args[1], "truncate", spot) : "…"
            var cut = String(s.prefix(max(0, n)))
            while let last = cut.last, last.isWhitespace { cut.removeLast() }
            return .string(cut + end)
        },
        Filter(name: "default", arity: 1...1, summary: "a fallback for null or undefined values") { v, args, _ in
            v.isNull ? args[0] : v
        },
        Filter(name: "join", arity: 0...1, summary: "join a list's items with a separator") { v, args, spot in
            let separator = args.isEmpty ? "" : try text(args[0], "join", spot)
            var parts: [String] = []
            _ = try Iteration.forEachValue(v, at: spot) { item in parts.append(try ValueWriter.plainText(item, at: spot) ?? "") }
            return .string(parts.joined(separator: separator))
        },
        Filter(name: "count", arity: 0...0, summary: "number of items or characters") { v, _, spot in .int(try count(v, spot)) },
        Filter(name: "length", arity: 0...0, summary: "same as count") { v, _, spot in .int(try count(v, spot)) },
        Filter(name: "first", arity: 0...0, summary: "the first item") { v, _, spot in
            v.isNull ? .null : try Operators.subscripted(v, .int(0), at: spot) ?? .null
        },
        Filter(name: "last", arity: 0...0, summary: "the last item") { v, _, spot in
            v.isNull ? .null : try Operators.subscripted(v, .int(-1), at: spot) ?? .null
        },
        Filter(name: "date", arity: 0...1, summary: "format a date, e.g. date(\"d MMM yyyy\")") { v, args, spot in
            guard case .date(let d) = v.resolved.storage else {
                throw spot.error("'date' needs a date, not \(v.typeName)")
            }
            let pattern = args.isEmpty ? "d MMM yyyy" : try text(args[0], "date", spot)
            guard DateFormatting.isInRange(d) else { throw spot.error("the date is out of range") }
            return .string(DateFormatting.Pattern(pattern).format(d))
        },
        Filter(name: "band", arity: 0...0, summary: "an IELTS band: 6.5 → 6.5, 7 → 7.0") { v, _, spot in
            .string(oneDecimal(try number(v, "band", spot)))
        },
        Filter(name: "percent", arity: 0...1, summary: "a fraction as a percentage: 0.756 → 76%") { v, args, spot in
            let places = try decimalPlaces(args.first, "percent", spot)
            let value = try number(v, "percent", spot) * 100
            return .string(fixed(value, places: places) + "%")
        },
        Filter(name: "round", arity: 0...1, summary: "round to n decimal places") { v, args, spot in
            let places = try decimalPlaces(args.first, "round", spot)
            let scale = pow10(places)
            let value = (try number(v, "round", spot) * scale).rounded() / scale
            return places == 0 && abs(value) < 1e15 ? .int(Int(value)) : .double(value)
        },
        Filter(name: "abs", arity: 0...0, summary: "absolute value") { v, _, spot in
            if case .int(let i) = v.resolved.storage, i != .min { return .int(abs(i)) }
            return .double(abs(try number(v, "abs", spot)))
        },
        Filter(name: "pluralize", arity: 0...1, summary: "\"\" for 1, else \"s\"; or pluralize(\"y,ies\")") { v, args, spot in
            let n = try number(v, "pluralize", spot)
            guard !args.isEmpty else { return .string(n == 1 ? "" : "s") }
            let spec = try text(args[0], "pluralize", spot)
            guard let comma = spec.firstIndex(of: ",") else { return .string(n == 1 ? "" : spec) }
            return .string(n == 1 ? String(spec[..<comma]) : String(spec[spec.index(after: comma)...]))
        },
        Filter(name: "wordcount", arity: 0...0, summary: "number of words") { v, _, spot in
            .int(try text(v, "wordcount", spot).split(whereSeparator: { $0.isWhitespace }).count)
        },
        Filter(name: "json", arity: 0...0, summary: "the value as JSON text") { v, _, spot in
            .string(try JSONWriter.string(v, at: spot))
        },
    ]

    static func text(_ v: TemplateValue, _ filter: String, _ spot: SourceSpot) throws -> String {
        switch v.resolved.storage {
        case .string(let s): return s
        case .int, .double, .bool, .date: return try ValueWriter.plainText(v, at: spot) ?? ""
        default: throw spot.error("'\(filter)' needs text, not \(v.typeName)")
        }
    }

    static func number(_ v: TemplateValue, _ filter: String, _ spot: SourceSpot) throws -> Double {
        guard let d = Operators.number(v.resolved) else { throw spot.error("'\(filter)' needs a number, not \(v.typeName)") }
        return d
    }

    static func int(_ v: TemplateValue, _ filter: String, _ spot: SourceSpot) throws -> Int {
        guard case .int(let i) = v.resolved.storage else { throw spot.error("'\(filter)' needs a whole number argument, not \(v.typeName)") }
        return i
    }

    /// A filter's decimal places argument: a whole number from 0 to 9.
    static func decimalPlaces(_ argument: TemplateValue?, _ filter: String, _ spot: SourceSpot) throws -> Int {
        guard let argument else { return 0 }
        let places = try int(argument, filter, spot)
        guard (0...9).contains(places) else { throw spot.error("'\(filter)' takes 0 to 9 decimal places, not \(places)") }
        return places
    }

    static func count(_ v: TemplateValue, _ spot: SourceSpot) throws -> Int {
        switch v.resolved.storage {
        case .array(let a): return a.count
        case .list(let l): return l.count
        case .dictionary(let d): return d.count
        case .string(let s): return s.count
        case .null: return 0
        default: throw spot.error("'count' needs a list, a dictionary or text, not \(v.typeName)")
        }
    }

    static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<max(0, n) { r *= 10 }
        return r
    }

    /// `value` with exactly `places` decimals, rounded half away from zero.
    static func fixed(_ value: Double, places: Int) -> String {
        Output.string { writeFixed(value, places: places, to: &$0) }
    }

    /// Appends `value` with exactly `places` decimals (half away from zero), without building strings.
    static func writeFixed(_ value: Double, places: Int, to out: inout Output) {
        let scale = pow10(places)
        guard value.isFinite, (0...9).contains(places), abs(value) * scale < 9e18 else { out.append(string: String(value)); return }
        let scaled = Int((abs(value) * scale).rounded())
        if value < 0, scaled != 0 { out.append(UInt8(ascii: "-")) }
        let unit = Int(scale)
        out.append(decimal: scaled / unit)
        guard places > 0 else { return }
        out.append(UInt8(ascii: "."))
        let fraction = scaled % unit
        var width = 1, rest = fraction / 10
        while rest > 0 { width += 1; rest /= 10 }
        for _ in width..<places { out.append(UInt8(ascii: "0")) }
        out.append(decimal: fraction)
    }

    static func oneDecimal(_ value: Double) -> String { fixed(value, places: 1) }
}

extension Iteration {
    /// Calls `body` with each item of a list (for filters); returns the count.
    static func forEachValue(_ items: TemplateValue, at spot: SourceSpot, _ body: (TemplateValue) throws -> Void) throws -> Int {
        switch items.resolved.storage {
        case .list(let list):
            for i in 0..<list.count { try body(list.element(at: i)) }
            return list.count
        case .array(let array):
            for item in array { try body(item) }
            return array.count
        case .null: return 0
        default: throw spot.error("expected a list, not \(items.typeName)")
        }
    }
}
