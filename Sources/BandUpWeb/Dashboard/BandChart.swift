import Foundation
import Practice
import Templates

/// A band history as an SVG line chart drawn on the server: readable without JavaScript, with
/// a title, a description and a table beside it for screen readers.
struct BandChart {
    struct Point {
        let date: Date
        let band: BandScore
        let title: String
    }

    let points: [Point]
    static let width = 560.0, height = 200.0
    static let left = 40.0, right = 14.0, top = 14.0, bottom = 14.0
    /// Bands shown on the vertical axis.
    static let scale = 1.0...9.0

    func y(_ band: Double) -> Double {
        let clamped = min(Self.scale.upperBound, max(Self.scale.lowerBound, band))
        let fraction = (clamped - Self.scale.lowerBound) / (Self.scale.upperBound - Self.scale.lowerBound)
        return Self.top + (1 - fraction) * (Self.height - Self.top - Self.bottom)
    }

    func x(_ index: Int) -> Double {
        let span = Self.width - Self.left - Self.right
        return points.count <= 1 ? Self.left + span / 2 : Self.left + span * Double(index) / Double(points.count - 1)
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    var templateValue: TemplateValue {
        let dots: [TemplateValue] = points.enumerated().map { index, point in
            .dictionary(["x": .string(Self.number(x(index))), "y": .string(Self.number(y(point.band.value))),
                         "band": .string(point.band.description), "date": .date(point.date), "title": .string(point.title)])
        }
        let line = points.enumerated().map { "\(Self.number(x($0.offset))),\(Self.number(y($0.element.band.value)))" }.joined(separator: " ")
        let grid: [TemplateValue] = stride(from: Self.scale.lowerBound, through: Self.scale.upperBound, by: 1).map { band in
            .dictionary(["y": .string(Self.number(y(band))), "label": .string(String(Int(band)))])
        }
        return .dictionary([
            "width": .int(Int(Self.width)), "height": .int(Int(Self.height)), "left": .string(Self.number(Self.left)),
            "right": .string(Self.number(Self.width - Self.right)), "line": .string(line), "dots": .array(dots), "grid": .array(grid),
            "summary": .string(points.isEmpty ? "No bands yet." : "\(points.count) band\(points.count == 1 ? "" : "s") from \(points.first!.band) to \(points.last!.band); best \(points.map(\.band).max()!)."),
        ])
    }
}
