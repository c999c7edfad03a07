// Numbers as the tables print them.

/// 1234567 -> "1,234,567"
public func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

public func ratio(_ r: Double) -> String {
    r >= 100 ? "\(Int(r.rounded()))×" : r >= 10 ? fixed(r, 1) + "×" : fixed(r, 2) + "×"
}

public func allocationText(_ a: Double) -> String {
    if abs(a - a.rounded()) < 0.005 { return grouped(Int(a.rounded())) }
    let text = fixed(a, 2)  // "35216.57" -> "35,216.57"
    let dot = text.firstIndex(of: ".")!
    return grouped(Int(text[..<dot])!) + text[dot...]
}

/// `x` with exactly `places` decimals, without Foundation's String(format:).
public func fixed(_ x: Double, _ places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((abs(x) * scale).rounded())
    var frac = String(scaled % Int(scale))
    while frac.count < places { frac = "0" + frac }
    let whole = String(scaled / Int(scale))
    return (x < 0 ? "-" : "") + whole + (places > 0 ? "." + frac : "")
}
