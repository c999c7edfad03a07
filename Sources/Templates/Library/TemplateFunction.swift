/// A function the application lends to its templates, called as `{{ name(arguments) }}`:
/// asset URLs, `<script>` tags with integrity hashes, and the like.
///
/// Arguments written as literals are checked when the templates compile (`check`), so a wrong
/// one is an error at start-up rather than a broken page. The result is escaped for where it is
/// written, like any value; only a ``TrustedHTML`` result is written as markup, in element text.
public struct TemplateFunction: Sendable {
    /// How many arguments it takes.
    public let arity: ClosedRange<Int>
    /// Given the arguments known at compile time (nil for those computed at render time), why
    /// they are wrong, or nil.
    public let check: @Sendable ([TemplateValue?]) -> String?
    public let call: @Sendable ([TemplateValue]) throws -> TemplateValue

    public init(arity: ClosedRange<Int>, check: @escaping @Sendable ([TemplateValue?]) -> String? = { _ in nil },
                call: @escaping @Sendable ([TemplateValue]) throws -> TemplateValue) {
        self.arity = arity
        self.check = check
        self.call = call
    }
}

extension Compiler {
    /// `{{ name(args) }}` for a function the library was given.
    func compileFunctionCall(_ name: String, _ function: TemplateFunction, arguments: [Argument], at offset: Int, scope: Scope,
                             context: HTMLContext) -> ([Step], HTMLContext)? {
        let spot = SourceSpot(file: scope.file, offset: offset)
        guard arguments.allSatisfy({ $0.label == nil }) else {
            record(spot.error("'\(name)' takes its arguments by position, without names"))
            return nil
        }
        guard function.arity.contains(arguments.count) else {
            let expected = function.arity.count == 1 ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) to \(function.arity.upperBound)"
            record(spot.error("'\(name)' takes \(expected) argument\(function.arity == 1...1 ? "" : "s"), not \(arguments.count)"))
            return nil
        }
        let literals: [TemplateValue?] = arguments.map { if case .literal(let value, _) = $0.value { value } else { nil } }
        if let problem = function.check(literals) {
            record(spot.error(problem))
            return nil
        }
        let escaper: Escaper
        switch context.escaper() {
        case .success(let e): escaper = e
        case .failure(let problem):
            record(spot.error(problem.message, hint: problem.hint))
            return nil
        }
        let evals = arguments.map { compileExpression($0.value, scope: scope) }
        let emit: Emit = { state in
            var values: [TemplateValue] = []
            values.reserveCapacity(evals.count)
            for eval in evals { values.append(try eval(&state)) }
            let result: TemplateValue
            do { result = try function.call(values) } catch let error as TemplateError { throw error } catch {
                throw spot.error("'\(name)' failed: \(error)")
            }
            try ValueWriter.write(result, escaper, to: &state.out, at: spot)
        }
        return ([Step(emit)], context.afterValue())
    }
}
