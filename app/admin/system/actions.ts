"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { deadLetteredWebhookEvents, retryWebhookEventsAsAdmin } from "@/lib/admin/webhook-retry";
import { requireAdmin } from "@/lib/auth/session";
import { limitForm, validatedAction } from "@/lib/http/form-action";

export const retryDeadLetteredAction = validatedAction(
  { fields: [], schema: z.object({}) },
  async () => {
    const user = await requireAdmin("/admin/system");
    const limited = await limitForm([["adminAction", user.id]]);
    if (limited) return limited;
    // What the page lists (the newest, at most DEAD_LETTERS_LISTED): the button says so.
    const { events } = await deadLetteredWebhookEvents(user);
    const results = await retryWebhookEventsAsAdmin(
      user,
      events.map((e) => e.id),
    );
    revalidatePath("/admin/system");
    const applied = results.filter((r) => r.status === "PROCESSED").length;
    // The page says what came of it (the form itself is gone once nothing is dead-lettered).
    redirect(`/admin/system?retried=${String(results.length)}&applied=${String(applied)}`);
  },
);
