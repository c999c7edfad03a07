import Auth
import Hummingbird

/// Staff must sign in with two steps before they publish or manage users: a stolen editor's or
/// admin's password alone must not change what every learner reads, or who may do what.
struct StaffSecondStep: Sendable {
    let twoFactor: TwoFactor
    let backends: Backends

    static let message = "Turn on two-step verification first (Your account → Two-step verification, /account/two-factor): "
        + "editors and admins need it to publish lessons and to manage users."
    static let signInAgain = "Sign out and sign in again with your two-step code: editors and admins publish lessons and manage users "
        + "only in a session that passed two-step verification."

    /// Throws 403 with the way forward unless this session passed two-step verification (and the
    /// account still has it on): a stolen password or an older session is not enough.
    func require(_ context: WebContext) async throws {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        let twoFactor = twoFactor
        guard try await backends.database({ _ in try await twoFactor.isOn(userID: user.id) }) else {
            throw HTTPError(.forbidden, message: Self.message)
        }
        guard context.session?.secondStep == true else { throw HTTPError(.forbidden, message: Self.signInAgain) }
    }
}

/// ``StaffSecondStep`` for every route of a group (the admin pages).
struct RequireSecondStep: RouterMiddleware {
    typealias Context = WebContext
    let staff: StaffSecondStep

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        if context.user != nil { try await staff.require(context) }
        return try await next(request, context)
    }
}
