import Yams

/// The data of an Academic Writing Task 1 chart (front matter `chart:`), drawn on the page as SVG:
/// a line graph, a bar chart, a pie chart or a table.
public struct PromptChart: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case line, bar, pie, table }

    public struct Series: Sendable, Equatable, Codable {
        public let name: String
        public let values: [Double]
    }

    public let kind: Kind
    public let title: String
    /// What the numbers measure ("millions", "% of households").
    public let unit: String?
    /// The categories along the x-axis (years, age groups), or a pie's slices.
    public let categories: [String]
    public let series: [Series]

    /// A value as people write it: 12, 12.5.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Reads `chart:`; every problem names its line.
    static func parse(_ node: Node, fields: FrontMatter) throws(ContentError) -> PromptChart {
        let at = fields.line(of: node)
        func problem(_ message: String, _ line: Int? = nil) -> ContentError { ContentError(file: fields.file, line: line ?? at, message: message) }
        guard case .mapping(let mapping) = node else { throw problem("'chart' has type, title, unit, x and series") }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, ["type", "title", "unit", "x", "series"].contains(name) else {
                throw problem("unknown chart key '\(key.string ?? "?")' (known: series, title, type, unit, x)", fields.line(of: key))
            }
            values[name] = value
        }
        guard let kindName = values["type"]?.string, let kind = Kind(rawValue: kindName) else {
            throw problem("the chart's type is one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let title = values["title"]?.string?.trimmed, !title.isEmpty else { throw problem("the chart needs a title") }
        guard case .sequence(let xs)? = values["x"], !xs.isEmpty, xs.allSatisfy({ $0.string?.trimmed.isEmpty == false }) else {
            throw problem("the chart's x is a list of categories, such as [2000, 2010, 2020]")
        }
        let categories = xs.compactMap { $0.string?.trimmed }
        guard case .sequence(let items)? = values["series"], !items.isEmpty else { throw problem("the chart needs at least one series (name and values)") }
        var series: [Series] = []
        for item in items {
            let line = fields.line(of: item)
            guard case .mapping(let entry) = item, let name = entry["name"]?.string?.trimmed, !name.isEmpty,
                  case .sequence(let numbers)? = entry["values"] else {
                throw problem("each series has a name and values: [12, 15, 19]", line)
            }
            let parsed = numbers.compactMap { $0.string.flatMap(Double.init) }
            guard parsed.count == numbers.count, parsed.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw problem("the values of '\(name)' must be numbers of 0 or more", line)
            }
            guard parsed.count == categories.count else {
                throw problem("'\(name)' has \(parsed.count) values for \(categories.count) categories in x", line)
            }
            series.append(Series(name: name, values: parsed))
        }
        if kind == .pie, series.count != 1 { throw problem("a pie chart has exactly one series") }
        if kind == .pie, categories.count > 8 { throw problem("a pie chart has at most 8 slices, each in its own colour") }
        guard series.count <= 6 else { throw problem("a chart has at most 6 series, so it stays readable") }
        return PromptChart(kind: kind, title: title, unit: values["unit"]?.string?.trimmed, categories: categories, series: series)
    }
}
