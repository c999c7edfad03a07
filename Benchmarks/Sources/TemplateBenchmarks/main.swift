// TemplateBenchmarks: renders the same pages with peer engines and by hand,
// checks the bytes are identical, then measures time and allocations.
//
//   swift run -c release --package-path Benchmarks TemplateBenchmarks [--quick] [--filter SUBSTRING]

import BenchmarkSupport

#if canImport(Glibc)
import Glibc
#endif

// MARK: Command line

struct Options {
    var quick = false
    /// Check that every renderer produces the expected bytes, then stop (CI).
    var verifyOnly = false
    /// Print allocations per render of small templates on our engine, then stop.
    var probe = false
    /// For profilers: render the selected rows (not the baseline) for this many seconds, print nothing else.
    var profileSeconds: Double?
    /// Lower-cased substring of "workload/renderer" to keep.
    var filter: String?

    static func parse(_ args: [String]) -> Options {
        var options = Options()
        var arguments = args[...]
        while let argument = arguments.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--verify": options.verifyOnly = true
            case "--probe": options.probe = true
            case "--profile":
                guard let value = arguments.popFirst(), let seconds = Double(value) else { usage(exitCode: 2) }
                options.profileSeconds = seconds
            case "--filter":
                guard let value = arguments.popFirst() else { usage(exitCode: 2) }
                options.filter = value.lowercased()
            case "-h", "--help": usage(exitCode: 0)
            default:
                print("unknown argument \(argument)")
                usage(exitCode: 2)
            }
        }
        return options
    }

    static func usage(exitCode: Int32) -> Never {
        print("usage: TemplateBenchmarks [--quick] [--filter SUBSTRING] [--profile SECONDS] [--verify] [--probe]")
        print("  --quick   fewer, shorter samples")
        print("  --filter  keep renderers whose \"workload/renderer\" contains SUBSTRING (case-insensitive;")
        print("            a trailing $ anchors it at the end); the hand-written [UInt8] baseline is always kept")
        print("  --probe   allocations per render of small templates on our engine (diagnostic)")
        print("  --verify  check every renderer's bytes against the expected page, then exit (no timing)")
        print("  --profile render the selected rows (baseline excluded) in a loop for SECONDS, for perf/valgrind")
        exit(exitCode)
    }

    func selects(_ workload: Workload, _ engine: any TemplateEngine) -> Bool {
        guard let filter, engine.name != handWrittenArrayName else { return true }
        let row = "\(workload.name)/\(engine.name)".lowercased()
        // A trailing "$" anchors the filter at the end of the row name.
        if filter.hasSuffix("$") { return row.hasSuffix(filter.dropLast()) }
        return row.contains(filter)
    }
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let config: MeasureConfig = options.quick ? .quick : .full

// MARK: Engines (templates parsed/compiled here, before any timing)

func makeEngines() throws -> [any TemplateEngine] {
    let mustache = try MustacheLibraryTemplates()
    return [
        HandWrittenArrayEngine(),
        HandWrittenRawPointerEngine(),
        try BandUpTemplatesEngine(directory: TemplateFiles.directory("ours")),
        try BandUpTemplatesEncodableEngine(directory: TemplateFiles.directory("ours")),
        MustacheParentEngine(templates: mustache),
        MustacheMirrorEngine(templates: mustache),
        try StencilEngine(),
        try LeafEngine(),
    ]
}

// MARK: Run

print("# BandUp template benchmarks\n")
print(MachineInfo.describe())
if let problem = checkAllocationCounting() {
    print("\nerror: \(problem)")
    exit(1)
}
print("- Allocation counting: verified (one class instance = 1 malloc)")
print("- Samples: \(config.samples) × ~\(config.sampleNanoseconds / 1_000_000) ms batches per row\(options.quick ? " (--quick)" : "")\n")

let fortunes = FortunesWorkload.makeFortunes()
let page = BandUpWorkload.makePage()
if options.probe {
    do { try AllocationProbe.run(page) } catch { print("error: \(error)"); exit(1) }
    exit(0)
}
let workloads = [
    Workload(name: "Fortunes", expected: FortunesWorkload.expectedHTML(fortunes)) { try $0.renderFortunes(fortunes) },
    Workload(name: "BandUp results page", expected: BandUpWorkload.expectedHTML(page)) { try $0.renderBandUp(page) },
]

let engines: [any TemplateEngine]
do {
    engines = try makeEngines()
} catch {
    print("error: setting up engines failed: \(error)")
    exit(1)
}

if let seconds = options.profileSeconds {
    let deadline = Double(monotonicNanoseconds()) + seconds * 1e9
    while Double(monotonicNanoseconds()) < deadline {
        for workload in workloads {
            for engine in engines where engine.name != handWrittenArrayName && options.selects(workload, engine) {
                for _ in 0..<100 { _ = try? workload.render(engine) }
            }
        }
    }
    exit(0)
}

// Verify everything first: the hand-written page against the independently
// spelled-out expected HTML, then every renderer against the hand-written bytes.
var mismatches = 0
for workload in workloads {
    var reference = workload.expected
    for engine in engines where options.selects(workload, engine) {
        let output: [UInt8]
        do {
            output = try workload.render(engine)
        } catch {
            print("MISMATCH \(workload.name) / \(engine.name): render threw \(error)")
            mismatches += 1
            continue
        }
        if let diff = firstDifference(expected: reference, actual: output) {
            let against = engine.name == handWrittenArrayName ? "expected HTML" : "\(handWrittenArrayName) output"
            print("MISMATCH \(workload.name) / \(engine.name) vs \(against): \(diff)\n")
            mismatches += 1
        }
        if engine.name == handWrittenArrayName { reference = output }
    }
}
if mismatches > 0 {
    print("error: \(mismatches) renderer output(s) differ; not timing.")
    exit(1)
}
print("All outputs verified byte-identical.\n")
if options.verifyOnly { exit(0) }

for workload in workloads {
    var rows: [Measurement] = []
    for engine in engines where options.selects(workload, engine) {
        do {
            rows.append(try measure(engine.name, config: config) { try workload.render(engine) })
        } catch {
            print("error: \(workload.name) / \(engine.name) threw while timing: \(error)")
            exit(1)
        }
    }
    print(markdownTable(workload: workload.name, rows))
}
