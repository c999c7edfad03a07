import Content
import Foundation
import Templates

/// An Academic Task 1 chart drawn on the server as SVG (line, bar or pie), always with its data
/// as a table beside it for screen readers and for `table` prompts. The template draws the
/// shapes; this works out where they go.
struct PromptChartView {
    let chart: PromptChart
    static let width = 640.0, height = 320.0
    static let left = 56.0, right = 16.0, top = 16.0, bottom = 44.0

    /// A round top for the axis (1, 2, 2.5 or 5 times a power of ten) and its tick step.
    static func scale(_ maximum: Double) -> (top: Double, step: Double) {
        guard maximum > 0 else { return (1, 0.25) }
        let magnitude = pow(10, floor(log10(maximum)))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= maximum {
            let top = factor * magnitude
            return (top, top / 5)
        }
        return (10 * magnitude, 2 * magnitude)
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    var templateValue: TemplateValue {
        let maximum = chart.series.flatMap(\.values).max() ?? 0
        let (top, step) = Self.scale(maximum)
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - value / top) }
        let count = Double(chart.categories.count)
        // Lines put points on the category centres; bars fill a band per category.
        let band = plotWidth / count
        func centre(_ index: Int) -> Double { Self.left + band * (Double(index) + 0.5) }

        var values: [String: TemplateValue] = [
            "kind": .string(chart.kind.rawValue), "title": .string(chart.title), "unit": chart.unit.map { .string($0) } ?? .null,
            "width": .int(Int(Self.width)), "height": .int(Int(Self.height)),
            "left": .string(Self.number(Self.left)), "right": .string(Self.number(Self.width - Self.right)),
            "baseline": .string(Self.number(y(0))), "labelY": .string(Self.number(Self.height - Self.bottom + 18)),
            "table": table,
            "legend": .array(chart.series.enumerated().map { index, series in .dictionary(["name": .string(series.name), "index": .int(index)]) }),
            // Each kind fills its own; the others stay empty (the template reads them all).
            "lines": .array([]), "bars": .array([]), "slices": .array([]),
        ]
        values["ticks"] = .array(stride(from: 0, through: top + step / 2, by: step).map { value in
            .dictionary(["y": .string(Self.number(y(value))), "label": .string(PromptChart.number((value * 100).rounded() / 100))])
        })
        values["categories"] = .array(chart.categories.enumerated().map { index, name in
            .dictionary(["x": .string(Self.number(centre(index))), "label": .string(name)])
        })
        switch chart.kind {
        case .line:
            values["lines"] = .array(chart.series.enumerated().map { index, series in
                let points = series.values.enumerated().map { "\(Self.number(centre($0.offset))),\(Self.number(y($0.element)))" }
                return .dictionary(["index": .int(index), "name": .string(series.name), "points": .string(points.joined(separator: " ")),
                                    "dots": .array(series.values.enumerated().map { offset, value in
                                        .dictionary(["x": .string(Self.number(centre(offset))), "y": .string(Self.number(y(value))),
                                                     "label": .string("\(series.name), \(chart.categories[offset]): \(PromptChart.number(value))")])
                                    })])
            })
        case .bar:
            let groupWidth = band * 0.8, barWidth = groupWidth / Double(chart.series.count)
            var bars: [TemplateValue] = []
            for (index, series) in chart.series.enumerated() {
                for (offset, value) in series.values.enumerated() {
                    let x = Self.left + band * Double(offset) + band * 0.1 + barWidth * Double(index)
                    bars.append(.dictionary([
                        "index": .int(index), "x": .string(Self.number(x)), "y": .string(Self.number(y(value))),
                        "width": .string(Self.number(barWidth * 0.92)), "height": .string(Self.number(max(0, y(0) - y(value)))),
                        "label": .string("\(series.name), \(chart.categories[offset]): \(PromptChart.number(value))"),
                    ]))
                }
            }
            values["bars"] = .array(bars)
        case .pie:
            values["slices"] = .array(slices)
        case .table:
            break
        }
        return .dictionary(values)
    }

    /// The pie's slices as SVG arc paths, from twelve o'clock clockwise, with their percentages.
    var slices: [TemplateValue] {
        let values = chart.series.first?.values ?? []
        let total = values.reduce(0, +)
        guard total > 0 else { return [] }
        let cx = Self.width / 2, cy = (Self.height - 20) / 2, r = min(cx, cy) - 12
        var angle = -Double.pi / 2
        return values.enumerated().compactMap { index, value in
            guard value > 0 else { return nil }
            let sweep = value / total * 2 * .pi
            let end = angle + sweep
            let large = sweep > .pi ? 1 : 0
            let path: String
            if sweep >= 2 * .pi - 1e-9 {
                path = "M \(Self.number(cx - r)) \(Self.number(cy)) a \(Self.number(r)) \(Self.number(r)) 0 1 0 \(Self.number(2 * r)) 0 a \(Self.number(r)) \(Self.number(r)) 0 1 0 \(Self.number(-2 * r)) 0"
            } else {
                path = "M \(Self.number(cx)) \(Self.number(cy)) L \(Self.number(cx + r * cos(angle))) \(Self.number(cy + r * sin(angle))) "
                    + "A \(Self.number(r)) \(Self.number(r)) 0 \(large) 1 \(Self.number(cx + r * cos(end))) \(Self.number(cy + r * sin(end))) Z"
            }
            let middle = angle + sweep / 2
            angle = end
            let percent = (value / total * 1000).rounded() / 10
            return .dictionary([
                "index": .int(index), "path": .string(path), "percent": .string(PromptChart.number(percent)),
                "labelX": .string(Self.number(cx + r * 0.65 * cos(middle))), "labelY": .string(Self.number(cy + r * 0.65 * sin(middle))),
                "name": .string(chart.categories[index]), "showLabel": .bool(sweep > 0.25),
            ])
        }
    }

    /// The data as rows: a header of categories, one row per series.
    var table: TemplateValue {
        .dictionary([
            "header": .array(chart.categories.map { .string($0) }),
            "rows": .array(chart.series.map { series in
                .dictionary(["name": .string(series.name), "values": .array(series.values.map { .string(PromptChart.number($0)) })])
            }),
        ])
    }
}
