// The browser's side of a credentials sign-in, in place of next-auth/react's signIn() (whose client,
// about 12 kB gzipped, would ship with the sign-in page for these two requests). No server-only
// import: the sign-in form calls it.

/** What the sign-in answered: null when signed in, else next-auth's `error` code. */
export type SignInOutcome = { error: null } | { error: string };

/** The `error` next-auth put in the URL it answered with, if any. */
function errorIn(body: unknown): string | null {
  const url = typeof body === "object" && body && "url" in body ? body.url : null;
  if (typeof url !== "string" || !URL.canParse(url, location.origin)) return null;
  return new URL(url, location.origin).searchParams.get("error");
}

/**
 * Signs in with an email and a password as next-auth's own client does: a CSRF token from
 * /api/auth/csrf, then the credentials to /api/auth/callback/credentials, which answers (with
 * `json`) the URL it would redirect to and sets the session cookie. The codes are next-auth's
 * ("CredentialsSignin") and ours (lib/auth/constants.ts); "unknown" when no answer came.
 */
export async function signInWithPassword(email: string, password: string): Promise<SignInOutcome> {
  try {
    const csrf: unknown = await (await fetch("/api/auth/csrf")).json();
    const csrfToken =
      typeof csrf === "object" && csrf && "csrfToken" in csrf ? String(csrf.csrfToken) : "";
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
    });
    const error = errorIn(await response.json().catch(() => null));
    if (response.ok && !error) return { error: null };
    return { error: error ?? "unknown" };
  } catch {
    return { error: "unknown" };
  }
}
