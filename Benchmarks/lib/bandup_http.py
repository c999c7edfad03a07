"""What the benchmark harnesses share: a free loopback port, one HTTP request, signing in as a
browser would (the CSRF token from the form, then the session cookie)."""
import http.client
import re
import socket
import urllib.parse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, headers=None, body=None):
    """(status, body text, the cookies it set as name=value)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read().decode()
    cookies = [value.split(";")[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    connection.close()
    return response.status, data, cookies


def sign_in(port, email, password):
    """The Cookie header of a signed-in session."""
    status, page, cookies = request(port, "GET", "/sign-in")
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": token, "email": email, "password": password})
    status, _, more = request(port, "POST", "/sign-in", {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}",
        "Cookie": "; ".join(cookies)}, body)
    assert status == 303, f"sign-in answered {status}"
    return "; ".join(c for c in more if not c.endswith("="))
