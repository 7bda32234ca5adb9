import "server-only";
import { env } from "@/lib/env";
import type { Mail } from "@/lib/mail/types";

/** A link to one of our pages, with its one-time token. */
export function tokenLink(path: `/${string}`, token: string): string {
  const url = new URL(path, env().APP_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

const SIGNATURE = "\n\n— Seller Connect";

export function verificationMail(to: string, link: string): Mail {
  return {
    to,
    subject: "Confirm your email address",
    text: `Confirm that this is your email address for Seller Connect:\n\n${link}\n\nThe link works once and expires in 24 hours. If you did not create an account, ignore this message.${SIGNATURE}`,
  };
}

export function accountExistsMail(to: string): Mail {
  const signIn = new URL("/sign-in", env().APP_URL).toString();
  const forgot = new URL("/forgot-password", env().APP_URL).toString();
  return {
    to,
    subject: "You already have a Seller Connect account",
    text: `Someone tried to create a Seller Connect account with this address, which already has one.\n\nSign in: ${signIn}\nForgot your password? ${forgot}\n\nIf it was not you, you can ignore this message.${SIGNATURE}`,
  };
}

export function resetMail(to: string, link: string): Mail {
  return {
    to,
    subject: "Reset your password",
    text: `Choose a new password for Seller Connect:\n\n${link}\n\nThe link works once and expires in 30 minutes. Resetting signs you out everywhere. If you did not ask for this, ignore this message: your password stays as it is.${SIGNATURE}`,
  };
}

export function adminInviteMail(to: string, inviter: string, link: string): Mail {
  return {
    to,
    subject: "You are invited to be a Seller Connect platform admin",
    text: `${inviter} invited you to be a platform admin of Seller Connect.\n\nAccept the invitation (sign in or create an account with this address first):\n\n${link}\n\nThe link works once and expires in 72 hours.${SIGNATURE}`,
  };
}
