#!/usr/bin/env python3
"""A stand-in for Google's OpenID Connect provider (authorization code flow with PKCE), for the
"Sign in with Google" tests. Standard library plus `cryptography` for the RSA keys.

Usage: oidc_provider.py PORT --client-id ID --client-secret SECRET

Listens on 127.0.0.1:PORT; the issuer is http://127.0.0.1:PORT. A fresh RSA-2048 signing key (random
kid) is made at start, with a second "attacker" key that is never published.

GET  /.well-known/openid-configuration  the discovery document, shaped like Google's
GET  /oauth2/v3/certs                   the JWKS (Cache-Control: max-age=3600); requests are counted
GET  /o/oauth2/v2/auth                  checks the request (response_type=code, client_id, redirect_uri,
                                        scope with openid, state, nonce, S256 code_challenge; 400 page
                                        if not) and shows "Choose an account": inputs #email (prefilled
                                        from login_hint), #email_verified (checked), #name, button
                                        #continue. prompt=none answers error=login_required (no session).
POST /o/oauth2/v2/auth                  issues a single-use code (5 minutes), 302 to redirect_uri?code=&state=
POST /token                             authorization_code grant; client_secret_post or client_secret_basic;
                                        PKCE S256. Errors are RFC 6749 5.2 JSON (401 for invalid_client).
                                        A code is spent by any exchange that names it, right or wrong.
GET  /openidconnect/v1/userinfo         Bearer access token -> sub, email, email_verified, name

Test controls:
POST /test/forge {"kind": K}  the NEXT successful /token answer carries a forged ID token, then back to
      "none". K: none, wrong_key, unknown_kid, tampered, alg_none, hs256 (HMAC key = the exact bytes of
      the /oauth2/v3/certs body), expired, wrong_audience, wrong_issuer, wrong_nonce, no_nonce, future,
      unverified_email. Answers 204 (400 for an unknown kind).
GET  /test/stats   {"jwks_requests", "token_requests", "authorize_requests" (GETs of the auth page)}
POST /test/rotate  a new signing key and kid replace the published one; 204
"""
import argparse
import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote_plus, urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("--client-id", required=True)
parser.add_argument("--client-secret", required=True)
arguments = parser.parse_args()
ISSUER = f"http://127.0.0.1:{arguments.port}"
AUTH_PATH, TOKEN_PATH, CERTS_PATH, USERINFO_PATH = "/o/oauth2/v2/auth", "/token", "/oauth2/v3/certs", "/openidconnect/v1/userinfo"
FORGE_KINDS = {"none", "wrong_key", "unknown_kid", "tampered", "alg_none", "hs256", "expired", "wrong_audience",
               "wrong_issuer", "wrong_nonce", "no_nonce", "future", "unverified_email"}
LOCK = threading.Lock()
STATE = {"key": None, "kid": None, "attacker": rsa.generate_private_key(public_exponent=65537, key_size=2048),
         "forge": "none", "codes": {}, "tokens": {}, "jwks_requests": 0, "token_requests": 0, "authorize_requests": 0}
COUNTED = {("GET", CERTS_PATH): "jwks_requests", ("GET", AUTH_PATH): "authorize_requests", ("POST", TOKEN_PATH): "token_requests"}
HTML, VERIFIER = "text/html; charset=utf-8", re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_json(value):
    return b64u(json.dumps(value, separators=(",", ":")).encode())


def new_signing_key():
    STATE["key"] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    STATE["kid"] = secrets.token_hex(20)


def jwks_body():
    numbers = STATE["key"].public_key().public_numbers()
    unsigned = lambda value: value.to_bytes((value.bit_length() + 7) // 8, "big")
    key = {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": STATE["kid"], "n": b64u(unsigned(numbers.n)), "e": b64u(unsigned(numbers.e))}
    return json.dumps({"keys": [key]}, indent=2).encode()


def discovery():
    return {"issuer": ISSUER, "authorization_endpoint": ISSUER + AUTH_PATH, "token_endpoint": ISSUER + TOKEN_PATH,
            "userinfo_endpoint": ISSUER + USERINFO_PATH, "jwks_uri": ISSUER + CERTS_PATH,
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "claims_supported": ["aud", "email", "email_verified", "exp", "iat", "iss", "name", "sub"],
            "code_challenge_methods_supported": ["plain", "S256"], "grant_types_supported": ["authorization_code"]}


def sign_rs256(header, claims, key):
    signing_input = f"{b64u_json(header)}.{b64u_json(claims)}".encode()
    return signing_input.decode() + "." + b64u(key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256()))


def id_token(grant, access_token, kind):
    """The ID token for an exchanged code: honest, or forged as `kind` says."""
    now, identity = int(time.time()), grant["identity"]
    claims = {"iss": ISSUER, "azp": arguments.client_id, "aud": arguments.client_id, "sub": identity["sub"],
              "email": identity["email"], "email_verified": identity["email_verified"],
              "at_hash": b64u(hashlib.sha256(access_token.encode()).digest()[:16]), "nonce": grant["nonce"],
              "name": identity["name"], "iat": now, "exp": now + 3600}
    if not identity["name"]:
        del claims["name"]
    claims.update({"expired": {"iat": now - 7200, "exp": now - 3600}, "future": {"iat": now + 3600, "exp": now + 7200},
                   "wrong_audience": {"aud": "someone-else.apps.googleusercontent.com"},
                   "wrong_issuer": {"iss": "https://evil.example.com"}, "wrong_nonce": {"nonce": secrets.token_urlsafe(16)},
                   "unverified_email": {"email_verified": False}}.get(kind, {}))
    if kind == "no_nonce":
        del claims["nonce"]
    header = {"alg": "RS256", "kid": STATE["kid"], "typ": "JWT"}
    if kind == "alg_none":
        return f"{b64u_json({'alg': 'none', 'typ': 'JWT'})}.{b64u_json(claims)}."
    if kind == "hs256":
        signing_input = f"{b64u_json(dict(header, alg='HS256'))}.{b64u_json(claims)}"
        return signing_input + "." + b64u(hmac.new(jwks_body(), signing_input.encode(), hashlib.sha256).digest())
    if kind in ("wrong_key", "unknown_kid"):
        kid = STATE["kid"] if kind == "wrong_key" else secrets.token_hex(20)
        return sign_rs256(dict(header, kid=kid), claims, STATE["attacker"])
    token = sign_rs256(header, claims, STATE["key"])
    if kind == "tampered":
        encoded_header, _, signature = token.split(".")
        token = ".".join([encoded_header, b64u_json(dict(claims, email="attacker@example.com")), signature])
    return token


def authorize_problem(params):
    """What is wrong with an authorization request, or None."""
    checks = [(params.get("response_type") == "code", "response_type must be \"code\""),
              (params.get("client_id") == arguments.client_id, "unknown client_id (Error 401: invalid_client)"),
              (params.get("redirect_uri"), "redirect_uri is missing"),
              ("openid" in params.get("scope", "").split(), "scope must include \"openid\""),
              (params.get("state"), "state is missing"), (params.get("nonce"), "nonce is missing"),
              (params.get("code_challenge"), "code_challenge is missing"),
              (params.get("code_challenge_method") == "S256", "code_challenge_method must be S256")]
    return next((problem for ok, problem in checks if not ok), None)


def redirect_target(redirect_uri, **values):
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in values.items())
    return redirect_uri + ("&" if urlsplit(redirect_uri).query else "?") + query


def page(title, body):
    return f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>{body}</body></html>\n".encode()


def account_page(params):
    hidden = "".join(f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
                     for name, value in params.items() if name not in ("email", "email_verified", "name"))
    hint = html.escape(params.get("login_hint", ""))
    return page("Sign in - Google Accounts", f"""
<h1>Choose an account</h1><p>to continue to BandUp</p>
<form method="post" action="{AUTH_PATH}">{hidden}
<label for="email">Email</label> <input id="email" name="email" type="email" value="{hint}">
<label><input id="email_verified" name="email_verified" type="checkbox" value="true" checked> Email verified</label>
<label for="name">Name</label> <input id="name" name="name" type="text">
<button id="continue" type="submit">Continue</button>
</form>""")


def count(method, path):
    """Tally the requests /test/stats reports."""
    name = COUNTED.get((method, path))
    if name:
        with LOCK:
            STATE[name] += 1


def single_values(body):
    """Form fields as a dict; None if any field is repeated (RFC 6749 3.1, 3.2)."""
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return None if any(len(values) > 1 for values in fields.values()) else {name: values[0] for name, values in fields.items()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_request(self, code="-", size="-"):
        sys.stderr.write(f"oidc_provider: {self.command} {urlsplit(self.path).path} {code}\n")

    def send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Type", content_type if body else "text/plain")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status, value, headers=None):
        self.send(status, json.dumps(value).encode(), headers=headers)

    def oauth_error(self, status, error, description, headers=None):
        self.send_json(status, {"error": error, "error_description": description}, dict(headers or {}, **{"Cache-Control": "no-store"}))

    def do_GET(self):
        url = urlsplit(self.path)
        count("GET", url.path)
        params = {name: values[0] for name, values in parse_qs(url.query, keep_blank_values=True).items()}
        if url.path == "/.well-known/openid-configuration":
            self.send_json(200, discovery(), {"Cache-Control": "public, max-age=3600"})
        elif url.path == CERTS_PATH:
            with LOCK:
                body = jwks_body()
            self.send(200, body, headers={"Cache-Control": "public, max-age=3600"})
        elif url.path == AUTH_PATH:
            self.authorize_get(params)
        elif url.path == USERINFO_PATH:
            self.userinfo()
        elif url.path == "/test/stats":
            with LOCK:
                self.send_json(200, {name: STATE[name] for name in ("jwks_requests", "token_requests", "authorize_requests")})
        else:
            self.send_json(404, {"error": "not_found", "path": url.path})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlsplit(self.path).path
        count("POST", path)
        if path == AUTH_PATH:
            self.authorize_post(single_values(body) or {})
        elif path == TOKEN_PATH:
            self.token(single_values(body))
        elif path == "/test/forge":
            try:
                kind = json.loads(body or b"{}").get("kind", "none")
            except (ValueError, AttributeError):
                kind = None
            if kind not in FORGE_KINDS:
                return self.send_json(400, {"error": f"unknown kind {kind!r}", "kinds": sorted(FORGE_KINDS)})
            with LOCK:
                STATE["forge"] = kind
            self.send(204)
        elif path == "/test/rotate":
            with LOCK:
                new_signing_key()
            self.send(204)
        else:
            self.send_json(404, {"error": "not_found", "path": path})

    def bad_request(self, problem):
        self.send(400, page("400. That's an error.", f"<h1>Error 400: invalid_request</h1><p>{html.escape(problem)}</p>"), HTML)

    def authorize_get(self, params):
        problem = authorize_problem(params)
        if problem:
            return self.bad_request(problem)
        if params.get("prompt") == "none":  # no signed-in session here, so no silent sign-in
            return self.send(302, headers={"Location": redirect_target(params["redirect_uri"], error="login_required", state=params["state"])})
        self.send(200, account_page(params), HTML, {"Cache-Control": "no-store"})

    def authorize_post(self, form):
        problem = authorize_problem(form) or (None if form.get("email", "").strip() else "email is required")
        if problem:
            return self.bad_request(problem)
        email = form["email"].strip()
        identity = {"sub": str(int(hashlib.sha256(email.lower().encode()).hexdigest(), 16))[:21], "email": email,
                    "email_verified": form.get("email_verified", "false") not in ("false", "0", ""), "name": form.get("name", "").strip()}
        code = "4/0" + secrets.token_urlsafe(48)
        with LOCK:
            STATE["codes"][code] = {"client_id": form["client_id"], "redirect_uri": form["redirect_uri"], "nonce": form["nonce"],
                                    "code_challenge": form["code_challenge"], "identity": identity, "expires": time.time() + 300}
        self.send(302, headers={"Location": redirect_target(form["redirect_uri"], code=code, state=form["state"])})

    def client_credentials(self, form):
        """(client_id, client_secret) from Basic or the form; raises ValueError if both or malformed."""
        authorization = self.headers.get("Authorization", "")
        if not authorization.lower().startswith("basic "):
            return form.get("client_id"), form.get("client_secret")
        if "client_secret" in form:
            raise ValueError("client authenticated by more than one method")
        user, colon, password = base64.b64decode(authorization[6:].strip(), validate=True).decode().partition(":")
        if not colon:
            raise ValueError("malformed Basic credentials")
        return unquote_plus(user), unquote_plus(password)

    def token(self, form):
        if form is None:
            return self.oauth_error(400, "invalid_request", "a parameter was repeated")
        try:
            client_id, client_secret = self.client_credentials(form)
        except ValueError as error:
            return self.oauth_error(400, "invalid_request", str(error))
        if client_id != arguments.client_id or not hmac.compare_digest((client_secret or "").encode(), arguments.client_secret.encode()):
            basic = {"WWW-Authenticate": 'Basic realm="token"'} if self.headers.get("Authorization") else {}
            return self.oauth_error(401, "invalid_client", "The OAuth client was not found or the secret is wrong.", basic)
        if form.get("grant_type") != "authorization_code":
            return self.oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {form.get('grant_type', '')}")
        missing = [name for name in ("code", "redirect_uri", "code_verifier") if not form.get(name)]
        if missing:
            return self.oauth_error(400, "invalid_request", f"Missing required parameter: {missing[0]}")
        with LOCK:
            grant = STATE["codes"].pop(form["code"], None)  # spent by this attempt, whatever its outcome
        verifier = form["code_verifier"]
        if grant is None or grant["expires"] < time.time() or grant["client_id"] != client_id:
            return self.oauth_error(400, "invalid_grant", "Malformed auth code, or it was used, expired or issued to another client.")
        if grant["redirect_uri"] != form["redirect_uri"]:
            return self.oauth_error(400, "invalid_grant", "Bad Request: redirect_uri does not match the authorization request.")
        if not VERIFIER.fullmatch(verifier) or b64u(hashlib.sha256(verifier.encode()).digest()) != grant["code_challenge"]:
            return self.oauth_error(400, "invalid_grant", "Invalid code verifier.")
        access_token = "ya29." + secrets.token_urlsafe(64)
        with LOCK:
            kind, STATE["forge"] = STATE["forge"], "none"
            STATE["tokens"][access_token] = grant["identity"]
            token = id_token(grant, access_token, kind)
        self.send_json(200, {"access_token": access_token, "expires_in": 3599, "scope": "openid email profile",
                             "token_type": "Bearer", "id_token": token}, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def userinfo(self):
        scheme, _, access_token = self.headers.get("Authorization", "").partition(" ")
        with LOCK:
            identity = STATE["tokens"].get(access_token) if scheme.lower() == "bearer" else None
        if identity is None:
            return self.send_json(401, {"error": "invalid_token", "error_description": "Invalid Credentials"}, {"WWW-Authenticate": "Bearer"})
        self.send_json(200, {name: value for name, value in identity.items() if value != ""})


if __name__ == "__main__":
    new_signing_key()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    print(f"oidc provider listening on {ISSUER}", flush=True)
    server.serve_forever()
