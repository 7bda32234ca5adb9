// What the sign-in page says for each outcome (no server-only import: the sign-in form uses it).
import { SIGN_IN_ERRORS } from "@/lib/auth/constants";

function waitText(seconds: number): string {
  if (seconds < 60) return `${String(seconds)} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${String(minutes)} minute${minutes === 1 ? "" : "s"}`;
}

/** "Too many attempts. Try again in 4 minutes." */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  return `Too many attempts. Try again in ${waitText(Math.max(1, retryAfterSeconds))}.`;
}

/** The message for next-auth's `error` code (from a fixed table; the code itself is never shown). */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return "Wrong email or password.";
  if (code.startsWith(SIGN_IN_ERRORS.rateLimited)) {
    const seconds = Number(code.slice(SIGN_IN_ERRORS.rateLimited.length));
    return tooManyAttemptsMessage(Number.isFinite(seconds) && seconds > 0 ? seconds : 60);
  }
  return "We could not sign you in. Please try again.";
}

const NOTICES = {
  verified: "Your email address is confirmed. Sign in to continue.",
  reset: "Your password was changed and every session was signed out. Sign in with the new one.",
  ended: "You were signed out everywhere.",
} as const;

/** A notice shown above the sign-in form after a mailed link or a sign-out everywhere. */
export function signInNotice(key: string | undefined): string | undefined {
  return key && key in NOTICES ? NOTICES[key as keyof typeof NOTICES] : undefined;
}
