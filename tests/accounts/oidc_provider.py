"""A small OpenID Connect provider for the tests, on a local port: discovery document, token endpoint
(authorisation code, client secret, PKCE verifier checked), user info and signing keys (RS256). The
test plays the browser: it reads the authorisation request Ouvrage redirects to, and hands a code
for the person it chooses."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "ouvrage-test"
CLIENT_SECRET = "secret-de-test"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Provider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def code_for(self, authorise: dict[str, list[str]], *, email: str, name: str) -> str:
        """What the provider does once the person signed in there: a code for Ouvrage's callback."""
        assert authorise["client_id"] == [CLIENT_ID] and authorise["response_type"] == ["code"]
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "email": email,
            "name": name,
            "nonce": authorise.get("nonce", [None])[0],
            "challenge": authorise.get("code_challenge", [None])[0],
            "redirect_uri": authorise["redirect_uri"][0],
        }
        return code

    def _token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        grant = self.codes.pop(form.get("code", [""])[0], None)
        if grant is None or form.get("client_secret") != [CLIENT_SECRET]:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != [grant["redirect_uri"]]:
            return 400, {"error": "invalid_grant"}
        if grant["challenge"]:
            verifier = form.get("code_verifier", [""])[0].encode()
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            if expected != grant["challenge"]:
                return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": grant["email"],
            "iat": now,
            "exp": now + 300,
            "email": grant["email"],
            "email_verified": True,
            "name": grant["name"],
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        access = secrets.token_urlsafe(16)
        self.tokens[access] = claims
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})
        return 200, {"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    self._json(
                        200,
                        {
                            "issuer": provider.url,
                            "authorization_endpoint": f"{provider.url}/authorize",
                            "token_endpoint": f"{provider.url}/token",
                            "userinfo_endpoint": f"{provider.url}/userinfo",
                            "jwks_uri": f"{provider.url}/jwks",
                            "token_endpoint_auth_methods_supported": ["client_secret_post"],
                        },
                    )
                elif self.path == "/jwks":
                    numbers = provider.key.public_key().public_numbers()
                    key = {
                        "kty": "RSA",
                        "kid": "k1",
                        "alg": "RS256",
                        "use": "sig",
                        "n": _b64(numbers.n),
                        "e": _b64(numbers.e),
                    }
                    self._json(200, {"keys": [key]})
                elif self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    self._json(200, claims) if claims else self._json(401, {"error": "invalid_token"})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                if self.path == "/token":
                    self._json(*provider._token(form))
                else:
                    self._json(404, {"error": "not_found"})

        return Handler
