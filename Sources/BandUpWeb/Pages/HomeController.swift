import Database
import Hummingbird
import Templates

/// The home page and the page about the IELTS test, both built from the `skills` table.
struct HomeController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("/") { request, context in
            try await page("pages/home.html", request: request, context: context)
        }
        router.get("ielts") { request, context in
            try await page("pages/ielts.html", request: request, context: context)
        }
    }

    private func page(_ name: String, request: Request, context: WebContext) async throws -> Response {
        let skills = try await backends.database { try await Skill.all(in: $0) }
        let (messages, clear) = try await flash.take(from: request)
        let values: [String: TemplateValue] = [
            "skills": .array(skills.map { skill in
                .dictionary(["slug": .string(skill.slug), "name": .string(skill.name), "minutes": .string(skill.minutes),
                             "format": .string(skill.format), "summary": .string(skill.summary)])
            }),
        ]
        var response = try pages.render(name, values, context: context, path: request.uri.path, flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }
}
