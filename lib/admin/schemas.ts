import { z } from "zod";
import { REASON_MAX_LENGTH } from "@/lib/admin/constants";

const connectionId = z.string().regex(/^[\w-]{1,64}$/, "This connection does not exist.");

/** The refresh and retry buttons: which connection (and which stored event). */
export const refreshSchema = z.object({ connectionId });
export const retryEventSchema = z.object({
  connectionId,
  eventId: z.string().regex(/^evt_\w{1,64}$/, "This webhook event does not exist."),
});

/** The force-disconnect form: which connection, and why (the seller sees the reason). */
export const forceDisconnectSchema = z.object({
  connectionId,
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters): the seller will see it.")
    .max(REASON_MAX_LENGTH, `Use at most ${REASON_MAX_LENGTH} characters.`),
});
