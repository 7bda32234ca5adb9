/**
 * How every client of the embedded database connects (the app under `npm run dev`/`npm start`, the
 * e2e servers, scripts): one connection, since PGlite serves one session, and so a longer wait for
 * it than a server's pool needs: under load, requests queue for that one connection.
 */
export const EMBEDDED_CLIENT_ENV = {
  DATABASE_POOL_MAX: "1",
  // The job queue's own pool (lib/jobs/boss.ts): the socket server queues its sessions.
  JOBS_POOL_MAX: "2",
  DATABASE_CONNECT_TIMEOUT_MS: "30000",
} as const;
