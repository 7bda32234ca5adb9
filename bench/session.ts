/**
 * Signing in to a running app the way the browser's sign-in form does (next-auth's CSRF token,
 * then its credentials callback), for the benchmarks that load signed-in pages.
 */

/** Cookies from a response's Set-Cookie headers, as a Cookie header value. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** Signs in at `base` with an email and password; returns the session's cookies. */
export async function signIn(
  base: string,
  user: { email: string; password: string },
): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({
      csrfToken,
      email: user.email,
      password: user.password,
      json: "true",
    }),
  });
  const session = cookiesOf(response);
  if (!session.includes("session-token")) {
    throw new Error(`signing in as ${user.email} failed (${String(response.status)})`);
  }
  return `${csrfCookie}; ${session}`;
}
