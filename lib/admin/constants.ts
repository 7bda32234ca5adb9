/** Longest reason an admin may give for a force-disconnect (shared by the form and its schema). */
export const REASON_MAX_LENGTH = 500;
/** Longest message to the seller an admin may write when blocking reconnection. */
export const SELLER_MESSAGE_MAX_LENGTH = 500;
/** Shortest such message: a sentence, not a placeholder. */
export const SELLER_MESSAGE_MIN_LENGTH = 10;
