// Our engine (the `Templates` library of the root package), through its fast path:
// the models answer member reads themselves (TemplateObject), so nothing is encoded per render.

import Foundation
import Templates

struct BandUpTemplatesEngine: TemplateEngine {
    let name = oursEngineName
    let library: TemplateLibrary

    init(directory: URL) throws {
        library = try TemplateLibrary(directory: directory.path)
    }

    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8] {
        try library.render("fortunes.html", FortunesContext(fortunes: fortunes))
    }

    func renderBandUp(_ page: BandUpPage) throws -> [UInt8] {
        try library.render("bandup/results.html", page)
    }
}

/// The same engine fed `Encodable` models: each render encodes the whole model into a value tree first.
struct BandUpTemplatesEncodableEngine: TemplateEngine {
    let name = "BandUp Templates (Encodable)"
    let library: TemplateLibrary

    init(directory: URL) throws {
        library = try TemplateLibrary(directory: directory.path)
    }

    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8] {
        try library.render("fortunes.html", encoding: ["fortunes": fortunes])
    }

    func renderBandUp(_ page: BandUpPage) throws -> [UInt8] {
        try library.render("bandup/results.html", encoding: page)
    }
}

struct FortunesContext: TemplateObject {
    let fortunes: [Fortune]
    func templateMember(_ name: String) -> TemplateValue? {
        name == "fortunes" ? fortunes.templateValue : nil
    }
}

extension Fortune: TemplateObject {
    func templateMember(_ name: String) -> TemplateValue? {
        switch name {
        case "id": .int(id)
        case "message": .string(message)
        default: nil
        }
    }
}

extension BandUpPage: TemplateObject {
    func templateMember(_ name: String) -> TemplateValue? {
        switch name {
        case "user": user.templateValue
        case "section": .string(section)
        case "year": .int(year)
        case "stylesheet": .string(stylesheet)
        case "results": results.templateValue
        default: nil
        }
    }
}

extension BandUpUser: TemplateObject {
    func templateMember(_ name: String) -> TemplateValue? {
        switch name {
        case "name": .string(self.name)
        case "targetBand": targetBand.templateValue
        default: nil
        }
    }
}

extension TestResult: TemplateObject {
    func templateMember(_ name: String) -> TemplateValue? {
        switch name {
        case "id": .int(id)
        case "title": .string(title)
        case "slug": .string(slug)
        case "skill": .string(skill)
        case "band": .double(band)
        case "correct": .int(correct)
        case "total": .int(total)
        case "accuracy": .double(accuracy)
        case "takenAt": .date(takenAt)
        default: nil
        }
    }
}
