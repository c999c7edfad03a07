extension Compiler {
    /// Compiles `{{ expr }}` in `context`: a value with its escaper, a macro call, or `super()`.
    func compileOutput(_ expr: Expr, offset: Int, scope: inout Scope, context: HTMLContext) -> ([Step], HTMLContext)? {
        let spot = SourceSpot(file: scope.file, offset: offset)
        if case .call(let callee, let arguments, _) = expr {
            if case .name("super", _) = callee {
                guard arguments.isEmpty else {
                    record(spot.error("super() takes no arguments"))
                    return nil
                }
                return compileSuper(at: offset, scope: scope, context: context)
            }
            if let macro = resolveMacro(callee, scope: scope) {
                return compileMacroCall(macro, arguments: arguments, at: offset, scope: scope, context: context)
            }
            if case .name(let name, _) = callee, scope.lookup(name) == nil, let function = functions[name] {
                return compileFunctionCall(name, function, arguments: arguments, at: offset, scope: scope, context: context)
            }
            let name = callee.dottedPath?.joined(separator: ".") ?? "this expression"
            let known = Array(scope.macros.keys) + functions.keys + scope.namespaces.flatMap { ns in ns.value.keys.map { "\(ns.key).\($0)" } }
            record(spot.error("unknown macro '\(name)'", hint: suggestion(for: name, among: known)
                ?? "define it with {% macro \(name)(...) %} or import it: {% import \"components.html\" as ui %}"))
            return nil
        }

        let escaper: Escaper
        switch context.escaper() {
        case .success(let e): escaper = e
        case .failure(let problem):
            record(spot.error(problem.message, hint: problem.hint))
            return nil
        }

        // In a script a value is already written as JSON: `| json` there would encode twice.
        var expr = expr
        if escaper == .scriptValue, case .filter(let input, "json", let args, _) = expr, args.isEmpty { expr = input }

        if let direct = directOutput(expr, escaper: escaper, scope: scope) { return ([Step(direct)], context.afterValue()) }
        let valueSpot = SourceSpot(file: scope.file, offset: expr.offset)
        // `{{ item.member }}` for a local: read the member in place and write it in one step.
        if case .member(.name(let local, _), let member, _) = expr, case .slot(let slot)? = scope.lookup(local) {
            let emit: Emit = { state in
                try ValueWriter.write(try state.member(member, ofSlot: slot, at: valueSpot), escaper, to: &state.out, at: valueSpot)
            }
            return ([Step(emit)], context.afterValue())
        }
        let eval = compileExpression(expr, scope: scope)
        let emit: Emit = { state in try ValueWriter.write(try eval(&state), escaper, to: &state.out, at: valueSpot) }
        return ([Step(emit)], context.afterValue())
    }

    private func resolveMacro(_ callee: Expr, scope: Scope) -> MacroDefinition? {
        guard let path = callee.dottedPath else { return nil }
        if path.count == 1, scope.lookup(path[0]) == nil { return scope.macros[path[0]] }
        if path.count == 2, scope.lookup(path[0]) == nil { return scope.namespaces[path[0]]?[path[1]] }
        return nil
    }

    /// Inlines a macro: its parameters become slots, its body compiles in the caller's HTML context.
    private func compileMacroCall(_ macro: MacroDefinition, arguments: [Argument], at offset: Int, scope: Scope, context: HTMLContext)
        -> ([Step], HTMLContext)?
    {
        let spot = SourceSpot(file: scope.file, offset: offset)
        let key = "macro \(macro.file.name):\(macro.name)"
        guard !expanding.contains(key) else {
            record(spot.error("the macro '\(macro.name)' calls itself", hint: "macros are expanded at compile time and cannot recurse"))
            return nil
        }
        var values: [String: Expr] = [:]
        var positional = 0
        for argument in arguments {
            let name: String
            if let label = argument.label {
                guard macro.parameters.contains(where: { $0.name == label }) else {
                    record(SourceSpot(file: scope.file, offset: argument.value.offset).error("the macro '\(macro.name)' has no parameter '\(label)'",
                        hint: "its parameters are: " + macro.parameters.map(\.name).joined(separator: ", ")))
                    return nil
                }
                name = label
            } else {
                guard positional < macro.parameters.count else {
                    record(spot.error("too many arguments for the macro '\(macro.name)'", hint: "it takes \(macro.parameters.count)"))
                    return nil
                }
                name = macro.parameters[positional].name
                positional += 1
            }
            guard values[name] == nil else {
                record(spot.error("the argument '\(name)' is given twice"))
                return nil
            }
            values[name] = argument.value
        }
        var inner = macroScope(macro)
        var setup: [Step] = []
        for parameter in macro.parameters {
            let slot = newSlot()
            let eval: Eval
            if let given = values[parameter.name] {
                eval = compileHoisted(given, scope: scope)
            } else if let fallback = parameter.defaultValue {
                eval = compileExpression(fallback, scope: inner)
            } else {
                record(spot.error("missing argument '\(parameter.name)' for the macro '\(macro.name)'"))
                return nil
            }
            setup.append(Step { state in state.slots[slot] = try eval(&state) })
            inner.locals.append((parameter.name, .slot(slot)))
        }
        expanding.append(key)
        defer { expanding.removeLast() }
        let (body, end) = compileNodes(macro.body, scope: &inner, context: context)
        return (setup + body, end)
    }
}
