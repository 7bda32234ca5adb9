import Link from "next/link";
import type { NextStep } from "@/lib/http/form-state";

/** A form's link to what to do next ("Already have an account? Sign in instead"). */
export function NextStepLink({ next }: { next: NextStep }) {
  return (
    <p className="mt-2">
      {next.prompt ? `${next.prompt} ` : null}
      <Link href={next.href} className="font-medium underline">
        {next.label}
      </Link>
    </p>
  );
}
