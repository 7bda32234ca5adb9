import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."));

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email: emailSchema,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "Use at most 200 characters."),
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});

export type SignUpInput = z.infer<typeof signUpSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((v) => (v === "" ? null : v));

export const profileSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  businessName: optionalText(100),
  websiteUrl: optionalText(200).refine(
    (v) => v === null || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v),
    "Enter a full web address starting with https://",
  ),
});

/** A page's `?email=` (see lib/auth/prefill.ts) when it is an address, else "" (nothing prefilled). */
export function prefilledEmail(value: string | string[] | undefined): string {
  const parsed = emailSchema.safeParse(typeof value === "string" ? value : "");
  return parsed.success ? parsed.data : "";
}
