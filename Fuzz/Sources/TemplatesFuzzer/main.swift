// libFuzzer entry point: every input is a template source. It must either compile and render
// (with a fixed context), or be rejected with positioned errors; nothing may crash or hang.
import Templates

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let context: TemplateValue = ["x": "<x>\"'&", "y": 2, "items": ["a", "b"], "z": nil, "u": "javascript:alert(1)"]
    do {
        let library = try TemplateLibrary(sources: [
            "page.html": source,
            "part.html": "<b>{{ v }}</b>",
            "base.html": "<title>{% block t %}T{% endblock %}</title>{% block b %}{% endblock %}",
        ])
        do {
            _ = try library.render("page.html", context)
        } catch let error as TemplateError {
            precondition(error.line >= 1 && error.column >= 1, "render error without a position")
        } catch {
            preconditionFailure("render threw \(type(of: error)), not TemplateError")
        }
    } catch {
        precondition(!error.errors.isEmpty, "a load error with no errors")
        for e in error.errors { precondition(e.line >= 1 && e.column >= 1 && !e.message.isEmpty, "an error without a position") }
    }
    return 0
}
