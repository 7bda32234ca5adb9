"use client";

import { useActionState } from "react";
import { signOut } from "@/app/actions";
import { buttonStyles } from "@/components/ui/styles";
import type { FormState } from "@/lib/http/form-state";

/**
 * Sign out: a form posting to the root layout's action (it works before this script loads too),
 * with its pending state and, should the sign-out limit refuse it, the reason beside it.
 */
export function SignOutButton() {
  const [state, action, pending] = useActionState<FormState, FormData>(signOut, {
    status: "idle",
  });
  return (
    <form action={action} className="flex items-center gap-2">
      {state.status === "error" ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className={buttonStyles.ghost} disabled={pending}>
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </form>
  );
}
