import FoundationEssentials

/// Writes a value into the page with the escaper its position needs.
enum ValueWriter {
    static func write(_ value: TemplateValue, _ escaper: Escaper, to out: inout Output, at spot: SourceSpot)
        throws(TemplateError)
    {
        switch value.storage {
        case .string(let s):
            withUTF8(s) { writeText($0, escaper, to: &out) }
        case .int(let i):
            // In script code a leading space keeps `x -{{ n }}` from becoming `x --5`.
            if i < 0, escaper == .scriptValue { out.append(UInt8(ascii: " ")) }
            out.append(decimal: i) // digits and '-' are safe in every context
        case .html(let h):
            if escaper == .html { out.append(string: h.source) } else {
                withUTF8(h.source) { writeText($0, escaper, to: &out) }
            }
        case .element:
            try write(value.resolved, escaper, to: &out, at: spot)
        default:
            if escaper == .scriptValue {
                if case .double(let d) = value.storage, d < 0 { out.append(UInt8(ascii: " ")) }
                try JSONWriter.write(value, to: &out, at: spot)
                return
            }
            guard let text = try plainText(value, at: spot) else { return }
            withUTF8(text) { writeText($0, escaper, to: &out) }
        }
    }

    /// The text of a scalar value; nil for null. Lists and objects cannot be printed.
    static func plainText(_ value: TemplateValue, at spot: SourceSpot) throws(TemplateError) -> String? {
        switch value.storage {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return formatNumber(d)
        case .string(let s): return s
        case .html(let h): return h.source
        case .date(let d):
            guard let text = DateFormatting.iso8601(d) else { throw spot.error("the date is out of range") }
            return text
        case .element: return try plainText(value.resolved, at: spot)
        case .array, .list:
            throw spot.error("cannot print a list here", hint: "loop over it with {% for %}, or use a filter such as join(\", \") or count")
        case .dictionary, .object:
            throw spot.error("cannot print an object here", hint: "print one of its members, e.g. {{ value.title }}")
        }
    }

    /// Shortest decimal text for a number: 7 → "7", 6.5 → "6.5".
    static func formatNumber(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    @inline(__always)
    static func writeText(_ bytes: UnsafeBufferPointer<UInt8>, _ escaper: Escaper, to out: inout Output) {
        switch escaper {
        case .html, .attribute: HTMLEscaping.append(bytes, to: &out)
        case .urlStart:
            if URLEscaping.isSafe(bytes) { URLEscaping.appendNormalised(bytes, to: &out) } else { out.append(UInt8(ascii: "#")) }
        case .urlPath: URLEscaping.appendNormalised(bytes, to: &out)
        case .urlQuery: URLEscaping.appendQueryComponent(bytes, to: &out)
        case .scriptValue: ScriptEscaping.appendJSONString(bytes, to: &out)
        case .scriptString: ScriptEscaping.appendStringContent(bytes, to: &out)
        case .verbatim: out.append(bytes)
        }
    }
}

/// Writes template values as JSON that is safe inside `<script>` and HTML attributes.
enum JSONWriter {
    static func write(_ value: TemplateValue, to out: inout Output, at spot: SourceSpot) throws(TemplateError) {
        switch value.storage {
        case .null: out.append(static: "null")
        case .bool(let b): b ? out.append(static: "true") : out.append(static: "false")
        case .int(let i): out.append(decimal: i)
        case .double(let d):
            if d.isFinite { out.append(string: ValueWriter.formatNumber(d)) } else { out.append(static: "null") }
        case .string(let s): withUTF8(s) { ScriptEscaping.appendJSONString($0, to: &out) }
        case .html(let h): withUTF8(h.source) { ScriptEscaping.appendJSONString($0, to: &out) }
        case .date(let d):
            guard let text = DateFormatting.iso8601(d) else { throw spot.error("the date is out of range") }
            withUTF8(text) { ScriptEscaping.appendJSONString($0, to: &out) }
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, to: &out, at: spot)
            }
            out.append(UInt8(ascii: "]"))
        case .list(let list):
            out.append(UInt8(ascii: "["))
            for i in 0..<list.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(list.element(at: i), to: &out, at: spot)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let d):
            out.append(UInt8(ascii: "{"))
            for (i, key) in d.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                withUTF8(key) { ScriptEscaping.appendJSONString($0, to: &out) }
                out.append(UInt8(ascii: ":"))
                try write(d[key]!, to: &out, at: spot)
            }
            out.append(UInt8(ascii: "}"))
        case .object(let storage):
            let object = storage.object
            guard let encodable = object as? any Encodable, let tree = try? TemplateValue(encoding: encodable) else {
                throw spot.error("cannot write \(type(of: object)) as JSON", hint: "make the model Encodable, or pass the members you need")
            }
            try write(tree, to: &out, at: spot)
        case .element:
            try write(value.resolved, to: &out, at: spot)
        }
    }

    static func string(_ value: TemplateValue, at spot: SourceSpot) throws(TemplateError) -> String {
        do {
            return try Output.string { try write(value, to: &$0, at: spot) }
        } catch let error as TemplateError {
            throw error
        } catch {
            throw spot.error("\(error)")
        }
    }
}
