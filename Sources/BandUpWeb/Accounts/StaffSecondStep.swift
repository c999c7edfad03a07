import Auth
import Hummingbird

/// Staff must sign in with two steps before they publish or manage users: a stolen editor's or
/// admin's password alone must not change what every learner reads, or who may do what.
struct StaffSecondStep: Sendable {
    let twoFactor: TwoFactor
    let backends: Backends

    static let message = "Turn on two-step verification first (Your account → Two-step verification, /account/two-factor): "
        + "editors and admins need it to publish lessons and to manage users."

    /// Throws 403 with the way forward when `user` has no second step.
    func require(_ user: User) async throws {
        let twoFactor = twoFactor
        guard try await backends.database({ _ in try await twoFactor.isOn(userID: user.id) }) else {
            throw HTTPError(.forbidden, message: Self.message)
        }
    }
}

/// ``StaffSecondStep`` for every route of a group (the admin pages).
struct RequireSecondStep: RouterMiddleware {
    typealias Context = WebContext
    let staff: StaffSecondStep

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        if let user = context.user { try await staff.require(user) }
        return try await next(request, context)
    }
}
