import Foundation
import Synchronization

/// A progress bar on standard error, redrawn in place; silent when standard error is not a
/// terminal (the output is for another program then).
final class ProgressBar: Sendable {
    private let total: Int
    private let terminal: Bool
    private let done = Mutex(0)
    private let started = ContinuousClock.now

    init(total: Int, terminal: Bool) {
        self.total = total
        self.terminal = terminal
    }

    func advance() {
        let count = done.withLock { value -> Int in value += 1; return value }
        guard terminal else { return }
        let width = 30, filled = total == 0 ? width : width * count / total
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(count) / seconds : 0
        let line = "\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(count)/\(total)  \(String(format: "%.1f", rate))/s "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
