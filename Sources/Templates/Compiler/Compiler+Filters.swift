extension Compiler {
    /// Compiles `input | name(arguments)`, checking the filter and its arguments now rather than at render time.
    func compileFilter(_ input: Expr, name: String, arguments: [Argument], scope: Scope, spot: SourceSpot) -> Eval {
        guard let filter = Filters.all[name] else {
            let known = Filters.list.map(\.name)
            record(spot.error("unknown filter '\(name)'", hint: suggestion(for: name, among: known) ?? "filters are: " + known.joined(separator: ", ")))
            return { _ in .null }
        }
        guard filter.arity.contains(arguments.count) else {
            let expected = filter.arity.lowerBound == filter.arity.upperBound ? "\(filter.arity.lowerBound)" : "\(filter.arity.lowerBound) to \(filter.arity.upperBound)"
            record(spot.error("'\(name)' takes \(expected) argument\(filter.arity.upperBound == 1 ? "" : "s"), not \(arguments.count)", hint: filter.summary))
            return { _ in .null }
        }
        if let labelled = arguments.first(where: { $0.label != nil }) {
            record(SourceSpot(file: spot.file, offset: labelled.value.offset).error("filter arguments are positional", hint: "write \(name)(value) without a label"))
        }
        let argumentEvals = arguments.map { compileExpression($0.value, scope: scope) }
        let constants: [TemplateValue]? = arguments.allSatisfy({ if case .literal = $0.value { true } else { false } })
            ? arguments.map { if case .literal(let v, _) = $0.value { v } else { .null } } : nil

        switch name {
        case "default":
            // Undefined names and members fall back too, so `default` makes a value optional.
            let lenient = compileLenient(input, scope: scope)
            let fallback = argumentEvals[0]
            return { state in
                if let value = try lenient(&state), !value.isNull { return value }
                return try fallback(&state)
            }
        case "date":
            if let constants {
                let patternText: String
                if let first = constants.first {
                    guard case .string(let text) = first.storage else {
                        record(spot.error("'date' needs a pattern string, e.g. date(\"d MMM yyyy\")"))
                        return { _ in .null }
                    }
                    patternText = text
                } else {
                    patternText = "d MMM yyyy"
                }
                if let letter = DateFormatting.unknownLetter(in: patternText) {
                    record(spot.error("unknown date pattern letter '\(letter)'", hint: "use yyyy yy MMMM MMM MM M dd d EEEE EEE HH H hh h mm ss a; quote literal text: 'at'"))
                }
                let pattern = DateFormatting.Pattern(patternText)
                let inputEval = compileExpression(input, scope: scope)
                return { state in
                    let value = try inputEval(&state)
                    guard case .date(let date) = value.resolved.storage else {
                        throw spot.error("'date' needs a date, not \(value.typeName)")
                    }
                    guard DateFormatting.isInRange(date) else { throw spot.error("the date is out of range") }
                    return .string(pattern.format(date))
                }
            }
        default:
            break
        }

        let inputEval = compileExpression(input, scope: scope)
        let apply = filter.apply
        if let constants {
            let fixed = Constant(value: .array(constants))
            return { state in
                guard case .array(let arguments) = fixed.value.storage else { return .null }
                return try apply(try inputEval(&state), arguments, spot)
            }
        }
        return { state in
            let value = try inputEval(&state)
            var values: [TemplateValue] = []
            values.reserveCapacity(argumentEvals.count)
            for e in argumentEvals { values.append(try e(&state)) }
            return try apply(value, values, spot)
        }
    }
}
