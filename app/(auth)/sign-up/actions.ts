"use server";

import { signUpSchema } from "@/lib/auth/schemas";
import { createUser } from "@/lib/data/users";
import { AppError } from "@/lib/errors";

export type SignUpState =
  | { status: "idle" }
  | {
      status: "error";
      message?: string;
      fieldErrors: Partial<Record<"name" | "email" | "password", string>>;
      // What was typed (never the password), so the form keeps it after the action resets it.
      values: { name: string; email: string };
    }
  | { status: "created"; email: string };

export async function signUp(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value : "";
  };
  const values = { name: text("name"), email: text("email") };
  const parsed = signUpSchema.safeParse({ ...values, password: text("password") });
  if (!parsed.success) {
    const fieldErrors: Partial<Record<"name" | "email" | "password", string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "name" || field === "email" || field === "password") && !fieldErrors[field]) {
        fieldErrors[field] = issue.message;
      }
    }
    return { status: "error", fieldErrors, values };
  }
  try {
    const user = await createUser(parsed.data);
    return { status: "created", email: user.email };
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") {
      return { status: "error", fieldErrors: { email: error.message }, values };
    }
    throw error;
  }
}
