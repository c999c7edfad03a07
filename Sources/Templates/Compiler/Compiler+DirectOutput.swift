/// Outputs whose last step is a formatting filter write their bytes straight into the page in
/// element text and attributes, instead of building a string and escaping it.
extension Compiler {
    func directOutput(_ expr: Expr, escaper: Escaper, scope: Scope) -> Emit? {
        guard escaper == .html || escaper == .attribute, case .filter(let input, let name, let arguments, let offset) = expr else { return nil }
        let spot = SourceSpot(file: scope.file, offset: offset)
        let literals = arguments.map { argument -> TemplateValue? in
            if case .literal(let value, _) = argument.value, argument.label == nil { return value }
            return nil
        }
        guard !literals.contains(where: { $0 == nil }) else { return nil }
        switch (name, literals.count) {
        case ("band", 0):
            let value = compileExpression(input, scope: scope)
            return { state in
                let number = try Filters.number(try value(&state), "band", spot)
                Filters.writeFixed(number, places: 1, to: &state.out)
            }
        case ("percent", 0), ("percent", 1):
            var places = 0
            if let first = literals.first, case .int(let n)? = first?.storage, (0...9).contains(n) { places = n } else if !literals.isEmpty { return nil }
            let value = compileExpression(input, scope: scope)
            let decimals = places
            return { state in
                let number = try Filters.number(try value(&state), "percent", spot)
                Filters.writeFixed(number * 100, places: decimals, to: &state.out)
                state.out.append(UInt8(ascii: "%"))
            }
        case ("date", 0), ("date", 1):
            var text = "d MMM yyyy"
            if let first = literals.first { guard case .string(let t)? = first?.storage else { return nil }; text = t }
            let pattern = DateFormatting.Pattern(text)
            guard DateFormatting.unknownLetter(in: text) == nil, !pattern.hasMarkupCharacters else { return nil }
            let value = compileExpression(input, scope: scope)
            return { state in
                let date = try value(&state)
                guard case .date(let d) = date.resolved.storage else { throw spot.error("'date' needs a date, not \(date.typeName)") }
                guard DateFormatting.isInRange(d) else { throw spot.error("the date is out of range") }
                pattern.write(d, to: &state.out)
            }
        case ("upper", 0):
            let value = compileExpression(input, scope: scope)
            return { state in
                let v = try value(&state)
                guard case .string(let s) = v.resolved.storage else {
                    try ValueWriter.write(try Filters.all["upper"]!.apply(v, [], spot), escaper, to: &state.out, at: spot)
                    return
                }
                let ascii = withUTF8(s) { bytes -> Bool in
                    guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
                    for b in bytes {
                        if HTMLEscaping.needsEscape(b) { HTMLEscaping.appendEntity(b, to: &state.out) }
                        else { state.out.append(b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b) }
                    }
                    return true
                }
                if !ascii { HTMLEscaping.append(s.uppercased(), to: &state.out) }
            }
        default:
            return nil
        }
    }
}
