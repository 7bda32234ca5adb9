import { z } from "zod";
import { emailSchema } from "@/lib/auth/schemas";

export const inviteSchema = z.object({ email: emailSchema });
const id = z.string().regex(/^[\w-]{1,64}$/, "Unknown id.");
export const removeAdminSchema = z.object({ userId: id });
export const withdrawInviteSchema = z.object({ inviteId: id });
