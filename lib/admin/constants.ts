/** Longest reason an admin may give for a force-disconnect (shared by the form and its schema). */
export const REASON_MAX_LENGTH = 500;
