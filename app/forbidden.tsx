import Link from "next/link";
import { buttonStyles } from "@/components/ui/styles";

export default function Forbidden() {
  return (
    <div className="py-12 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">This part of Seller Connect is for platform admins.</p>
      <Link href="/settings" className={`${buttonStyles.secondary} mt-6`}>
        Go to your Settings
      </Link>
    </div>
  );
}
