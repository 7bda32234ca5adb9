import Link from "next/link";
import { buttonStyles } from "@/components/ui/styles";

export default function NotFound() {
  return (
    <div className="py-12 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-slate-600">The page you asked for does not exist.</p>
      <Link href="/" className={`${buttonStyles.secondary} mt-6`}>
        Back to the home page
      </Link>
    </div>
  );
}
