import { z } from "zod";
import { REASON_MAX_LENGTH } from "@/lib/admin/constants";

/** The force-disconnect form: which connection, and why (the seller sees the reason). */
export const forceDisconnectSchema = z.object({
  connectionId: z.string().regex(/^[\w-]{1,64}$/, "This connection does not exist."),
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters): the seller will see it.")
    .max(REASON_MAX_LENGTH, `Use at most ${REASON_MAX_LENGTH} characters.`),
});
