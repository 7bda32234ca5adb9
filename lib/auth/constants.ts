// Kept apart from the zod schemas so client components can import it without bundling zod.
export const MIN_PASSWORD_LENGTH = 10;
