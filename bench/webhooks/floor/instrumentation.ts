/**
 * Deliberately empty. Without it, Turbopack (rooted at the repository, for the shared imports)
 * picks up the app's own instrumentation.ts, whose start-up work the floor must not do.
 */
export function register(): void {
  // nothing to start
}
