import { z } from "zod";
import {
  REASON_MAX_LENGTH,
  SELLER_MESSAGE_MAX_LENGTH,
  SELLER_MESSAGE_MIN_LENGTH,
} from "@/lib/admin/constants";

const connectionId = z.string().regex(/^[\w-]{1,64}$/, "This connection does not exist.");

/** The refresh and retry buttons: which connection (and which stored event). */
export const refreshSchema = z.object({ connectionId });
export const retryEventSchema = z.object({
  connectionId,
  eventId: z.string().regex(/^evt_\w{1,64}$/, "This webhook event does not exist."),
});

/**
 * The force-disconnect form: which connection, why (the internal reason: admins only), and
 * whether to block reconnection, with then a required message to the seller (what they read).
 */
export const forceDisconnectSchema = z
  .object({
    connectionId,
    reason: z
      .string()
      .trim()
      .min(3, "Give a reason (at least 3 characters): it is recorded for admins.")
      .max(REASON_MAX_LENGTH, `Use at most ${REASON_MAX_LENGTH} characters.`),
    // A checkbox: "on" when ticked, absent ("") otherwise.
    block: z.enum(["", "on"], "Choose whether to block reconnection.").transform((v) => v === "on"),
    sellerMessage: z
      .string()
      .trim()
      .max(SELLER_MESSAGE_MAX_LENGTH, `Use at most ${SELLER_MESSAGE_MAX_LENGTH} characters.`),
  })
  .superRefine((form, ctx) => {
    if (form.block && form.sellerMessage.length < SELLER_MESSAGE_MIN_LENGTH) {
      ctx.addIssue({
        code: "custom",
        path: ["sellerMessage"],
        message: `Write the message the seller will read (at least ${SELLER_MESSAGE_MIN_LENGTH} characters).`,
      });
    }
  });

/** "Unblock" on the account page: which block, and the page it was pressed on. */
export const unblockSchema = z.object({
  connectionId,
  blockId: z.string().regex(/^[\w-]{1,64}$/, "This block does not exist."),
});
