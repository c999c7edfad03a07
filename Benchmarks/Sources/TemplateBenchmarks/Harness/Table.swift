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

/// 1234567 -> "1,234,567"
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

private func ratio(_ r: Double) -> String {
    r >= 100 ? "\(Int(r.rounded()))×" : r >= 10 ? fixed(r, 1) + "×" : fixed(r, 2) + "×"
}

private func allocationText(_ a: Double) -> String {
    if abs(a - a.rounded()) < 0.005 { return grouped(Int(a.rounded())) }
    let text = fixed(a, 2)  // "35216.57" -> "35,216.57"
    let dot = text.firstIndex(of: ".")!
    return grouped(Int(text[..<dot])!) + text[dot...]
}

/// `x` with exactly `places` decimals, without Foundation's String(format:).
func fixed(_ x: Double, _ places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((abs(x) * scale).rounded())
    var frac = String(scaled % Int(scale))
    while frac.count < places { frac = "0" + frac }
    let whole = String(scaled / Int(scale))
    return (x < 0 ? "-" : "") + whole + (places > 0 ? "." + frac : "")
}
