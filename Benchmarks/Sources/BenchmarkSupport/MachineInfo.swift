// A few lines describing where the numbers come from.

import Foundation

public enum MachineInfo {
    public static func describe() -> String {
        var lines: [String] = []
        lines.append("- CPU: \(cpuModel() ?? "unknown"), \(ProcessInfo.processInfo.activeProcessorCount) cores available")
        lines.append("- OS: \(ProcessInfo.processInfo.operatingSystemVersionString)")
        lines.append("- Swift: \(swiftVersion())")
        #if DEBUG
        lines.append("- Build: DEBUG (numbers are meaningless; use `-c release`)")
        #else
        lines.append("- Build: release")
        #endif
        return lines.joined(separator: "\n")
    }

    static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// First line of `swift --version` if a toolchain is on PATH (~0.1 s),
    /// else the compiler version this binary was built with.
    static func swiftVersion() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0,
               let first = String(decoding: data, as: UTF8.self).split(separator: "\n").first {
                return String(first)
            }
        }
        #if compiler(>=6.3)
        return "built with a Swift 6.3+ compiler"
        #else
        return "built with a Swift compiler older than 6.3"
        #endif
    }
}
