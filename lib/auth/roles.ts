import type { PublicUser } from "@/lib/data/users";
import { AppError } from "@/lib/errors";

/**
 * The role check of a `lib/` function that only admins may call: the caller's own check (a page,
 * an action, a route) is not the only one. AppError "forbidden" for anyone else.
 */
export function assertAdmin(user: Pick<PublicUser, "role">): void {
  if (user.role !== "ADMIN") throw new AppError("forbidden", "Only platform admins can do this.");
}
