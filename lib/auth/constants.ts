// Kept apart from the zod schemas so client components can import it without bundling zod.
export const MIN_PASSWORD_LENGTH = 10;

/**
 * The only `?error=` codes sign-in can produce besides next-auth's own "CredentialsSignin".
 * `rateLimited` is followed by the seconds to wait ("RateLimited:240").
 */
export const SIGN_IN_ERRORS = {
  rateLimited: "RateLimited:",
  unavailable: "SignInUnavailable",
} as const;
