/**
 * Deliberately empty. Without it, Turbopack (rooted at the repository) picks up the app's own
 * instrumentation.ts, whose start-up work a blank page must not do.
 */
export function register(): void {
  // nothing to start
}
