"use client";

import { signOut } from "next-auth/react";
import { buttonStyles } from "@/components/ui/styles";

export function SignOutButton() {
  return (
    <button
      type="button"
      className={buttonStyles.ghost}
      onClick={() => void signOut({ callbackUrl: "/" })}
    >
      Sign out
    </button>
  );
}
