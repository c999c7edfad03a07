// Timing and allocation counting for one renderer on one workload.

import CMallocCounter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct MeasureConfig: Sendable {
    public var samples: Int
    public var sampleNanoseconds: UInt64
    public var warmupNanoseconds: UInt64

    public static let full = MeasureConfig(samples: 21, sampleNanoseconds: 30_000_000, warmupNanoseconds: 200_000_000)
    public static let quick = MeasureConfig(samples: 7, sampleNanoseconds: 10_000_000, warmupNanoseconds: 50_000_000)
}

public struct Measurement: Sendable {
    public var renderer: String
    /// Median over samples of (batch time / batch size).
    public var medianNanoseconds: Double
    public var minNanoseconds: Double
    public var maxNanoseconds: Double
    /// malloc-family calls over all timed batches / renders.
    public var allocationsPerRender: Double
    public var batchSize: Int
    public var outputBytes: Int
}

@inline(__always)
public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Keeps results observable so the optimizer cannot drop renders.
nonisolated(unsafe) private var sink = 0

@inline(never)
public func blackHole(_ bytes: [UInt8]) {
    sink &+= bytes.count &+ Int(bytes.last ?? 0)
}

@inline(never)
public func blackHole(_ object: AnyObject) {
    sink &+= ObjectIdentifier(object).hashValue & 1
}

public func measure(_ renderer: String, config: MeasureConfig, _ render: () throws -> [UInt8]) rethrows -> Measurement {
    // Warm up (caches, lazily built tables, branch predictors).
    var outputBytes = 0
    let warmupStart = monotonicNanoseconds()
    repeat {
        let out = try render()
        outputBytes = out.count
        blackHole(out)
    } while monotonicNanoseconds() - warmupStart < config.warmupNanoseconds

    // Calibrate: grow the batch until it takes ~1/4 of a sample, then scale.
    var batch = 1
    while true {
        let start = monotonicNanoseconds()
        for _ in 0..<batch { blackHole(try render()) }
        let elapsed = monotonicNanoseconds() - start
        if elapsed >= config.sampleNanoseconds / 4 || batch >= 1 << 24 {
            let perRender = Double(elapsed) / Double(batch)
            batch = max(1, Int(Double(config.sampleNanoseconds) / max(perRender, 1)))
            break
        }
        batch *= 2
    }

    var perRender: [Double] = []
    perRender.reserveCapacity(config.samples)
    var allocations: UInt64 = 0
    for _ in 0..<config.samples {
        let allocsBefore = bench_malloc_count()
        let start = monotonicNanoseconds()
        for _ in 0..<batch { blackHole(try render()) }
        let elapsed = monotonicNanoseconds() - start
        allocations += bench_malloc_count() - allocsBefore
        perRender.append(Double(elapsed) / Double(batch))
    }
    perRender.sort()
    return Measurement(
        renderer: renderer,
        medianNanoseconds: perRender[perRender.count / 2],
        minNanoseconds: perRender.first!,
        maxNanoseconds: perRender.last!,
        allocationsPerRender: Double(allocations) / Double(config.samples * batch),
        batchSize: batch,
        outputBytes: outputBytes
    )
}

/// Checks that the malloc interposer sees Swift allocations: one class
/// instance must count exactly one allocation.
public func checkAllocationCounting() -> String? {
    final class Probe { var value = 0 }
    @inline(never) func make() -> AnyObject { Probe() }
    let before = bench_malloc_count()
    let object = make()
    let delta = bench_malloc_count() - before
    blackHole(object)
    guard bench_malloc_interposed() != 0 else {
        return "malloc interposer never called: allocation counts would be 0 (see Sources/CMallocCounter)"
    }
    guard delta == 1 else {
        return "allocating one class instance counted \(delta) allocations, expected 1"
    }
    return nil
}
