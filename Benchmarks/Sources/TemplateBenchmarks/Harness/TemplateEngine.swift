// What the harness measures: one row per engine in each workload's table.

/// A renderer of both workloads. Parse/compile templates in `init` (not
/// timed); each `render…` call is one timed request: build whatever context
/// the engine needs from the models, render, and return the page's bytes.
protocol TemplateEngine {
    /// Row label. The "vs ours" column is filled from the row named
    /// `oursEngineName`; the "vs hand-written" column from `handWrittenArrayName`.
    var name: String { get }
    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8]
    func renderBandUp(_ page: BandUpPage) throws -> [UInt8]
}

let oursEngineName = "BandUp Templates"
let handWrittenArrayName = "Hand-written [UInt8]"

/// One workload: its expected bytes and how to call an engine on its data.
struct Workload {
    var name: String
    var expected: [UInt8]
    var render: (any TemplateEngine) throws -> [UInt8]
}
