import type { Metadata } from "next";
import Link from "next/link";
import { AUDIT_ACTION_LABELS } from "@/components/admin/audit-labels";
import { AuditDetail } from "@/components/admin/connection-history";
import { RemoveAdminButton } from "@/components/admin/team-actions";
import { ActionForm } from "@/components/forms/action-form";
import { OutcomeNotice } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ShortDate } from "@/components/ui/short-date";
import { Table } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { listTeamHistory } from "@/lib/data/audit";
import { listOpenInvites } from "@/lib/data/email-tokens";
import { getUserNames, listAdmins } from "@/lib/data/users";
import type { RoleSource } from "@/lib/generated/prisma/client";
import { inviteAdminAction, removeAdminAction, withdrawInviteAction } from "./actions";

export const metadata: Metadata = { title: "Team" };

const SOURCE: Record<RoleSource, string> = {
  ADMIN_EMAILS: "ADMIN_EMAILS",
  INVITE: "Invitation",
  CLI: "Operator",
  SEED: "Demo",
};

const NOTICES = {
  removed: { tone: "success", message: "The admin was removed. They keep their seller account." },
  withdrawn: { tone: "success", message: "The invitation was withdrawn." },
} as const;

export default async function TeamPage({
  searchParams,
}: {
  searchParams: Promise<{ notice?: string }>;
}) {
  await requireAdmin("/admin/team");
  const notice = (await searchParams).notice;
  const [admins, invites, history] = await Promise.all([
    listAdmins(),
    listOpenInvites(),
    listTeamHistory(),
  ]);
  const names = await getUserNames([
    ...invites.flatMap((i) => (i.createdById ? [i.createdById] : [])),
    ...history.flatMap((h) => [h.actorId, h.subjectUserId].filter((v): v is string => !!v)),
  ]);
  const who = (id: string | null) =>
    id === null ? "Configuration" : (names.get(id)?.email ?? "A deleted user");
  return (
    <>
      <PageHeader
        title="Team"
        description="Platform admins see and manage every seller's Stripe connection."
      />
      <OutcomeNotice
        notice={notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="Platform admins">
            <Table
              caption="Platform admins"
              headers={["Name", "Email", "Admin through", ""]}
              empty="No admins."
              rows={admins.map((a) => ({
                key: a.id,
                cells: [
                  a.name ?? "—",
                  a.email,
                  a.roleSource ? SOURCE[a.roleSource] : "—",
                  admins.length > 1 ? (
                    <RemoveAdminButton action={removeAdminAction} userId={a.id} label={a.email} />
                  ) : (
                    <span className="text-xs text-slate-600">The last admin</span>
                  ),
                ],
              }))}
            />
          </Card>
          <Card title="Open invitations">
            <Table
              caption="Open invitations"
              headers={["Email", "Invited by", "Expires", ""]}
              empty="No open invitations."
              rows={invites.map((i) => ({
                key: i.id,
                cells: [
                  i.email,
                  who(i.createdById),
                  <ShortDate key="expires" value={i.expiresAt} time />,
                  <ActionForm
                    key="withdraw"
                    action={withdrawInviteAction}
                    hidden={{ inviteId: i.id }}
                    submit="Withdraw"
                    pending="Withdrawing…"
                    variant="secondary"
                    fullWidth={false}
                  />,
                ],
              }))}
            />
          </Card>
          <Card
            title="History"
            description={
              <Link href="/admin/audit" className="font-medium text-brand-700 underline">
                Every admin action, in the audit log
              </Link>
            }
          >
            <Table
              caption="Admin role history"
              headers={["When", "What", "Who", "By", "Detail"]}
              empty="Nothing yet."
              rows={history.map((h) => ({
                key: h.id,
                cells: [
                  <ShortDate key="when" value={h.createdAt} time />,
                  AUDIT_ACTION_LABELS[h.action],
                  h.subjectUserId ? who(h.subjectUserId) : "—",
                  who(h.actorId),
                  <AuditDetail key="detail" detail={h.detail} />,
                ],
              }))}
            />
          </Card>
        </div>
        <Card
          title="Invite an admin"
          description="We email a link that works once, for 72 hours. The invitee signs in or signs up with that address and accepts."
        >
          <ActionForm
            action={inviteAdminAction}
            submit="Send invitation"
            pending="Sending…"
            fields={[{ name: "email", label: "Email", type: "email", autoComplete: "off" }]}
          />
        </Card>
      </div>
    </>
  );
}
