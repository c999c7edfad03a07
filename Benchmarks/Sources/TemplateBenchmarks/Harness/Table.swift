import BenchmarkSupport

// Markdown table of one workload's measurements.

func markdownTable(workload: String, _ rows: [Measurement]) -> String {
    let baseline = rows.first { $0.renderer == handWrittenArrayName }?.medianNanoseconds
    let ours = rows.first { $0.renderer == oursEngineName }?.medianNanoseconds
    var lines = [
        "| Renderer | median ns | renders/s | allocs/render | vs hand-written [UInt8] | vs ours |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for m in rows {
        let cells = [
            m.renderer,
            grouped(Int(m.medianNanoseconds.rounded())),
            grouped(Int((1e9 / m.medianNanoseconds).rounded())),
            allocationText(m.allocationsPerRender),
            baseline.map { ratio(m.medianNanoseconds / $0) } ?? "-",
            ours.map { ratio(m.medianNanoseconds / $0) } ?? "-",
        ]
        lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    let bytes = rows.first?.outputBytes ?? 0
    return "### \(workload) (\(bytes) bytes of HTML)\n\n" + lines.joined(separator: "\n") + "\n"
}

