/**
 * A local SMTP catcher for development and tests (the `smtp-server` package): it accepts every
 * message on loopback and keeps it in memory; nothing is delivered. `npm run dev` starts one and
 * prints each message's subject and links. The tests start their own and read its inbox over HTTP:
 *
 *   GET    /messages?to=ADDRESS   the messages to ADDRESS (all without ?to), oldest first, as JSON
 *   DELETE /messages              empties the inbox
 *
 * Run alone: `tsx scripts/mail-catcher.ts SMTP_PORT HTTP_PORT`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  links: string[];
  receivedAt: string;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  messages: CaughtMail[];
  stop(): Promise<void>;
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry: { value?: { address?: string }[] } | undefined) =>
    (entry?.value ?? []).flatMap((a) => (a.address ? [a.address.toLowerCase()] : [])),
  );
}

function listen(
  server: { listen(port: number, host: string, cb: () => void): unknown },
  port: number,
) {
  return new Promise<void>((resolve) => {
    server.listen(port, "127.0.0.1", resolve);
  });
}

export async function startMailCatcher(options: {
  smtpPort: number;
  httpPort?: number;
  onMessage?: (mail: CaughtMail) => void;
}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? "";
          const mail: CaughtMail = {
            to: addresses(parsed.to),
            from: addresses(parsed.from)[0] ?? "",
            subject: parsed.subject ?? "",
            text,
            links: text.match(/https?:\/\/\S+/g) ?? [],
            receivedAt: new Date().toISOString(),
          };
          messages.push(mail);
          options.onMessage?.(mail);
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });
  await listen(smtp.server, options.smtpPort);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let http: Server | undefined;
  let httpPort = 0;
  if (options.httpPort !== undefined) {
    http = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== "/messages") {
        response.writeHead(404).end();
        return;
      }
      if (request.method === "DELETE") messages.length = 0;
      const to = url.searchParams.get("to")?.toLowerCase();
      const found = to ? messages.filter((m) => m.to.includes(to)) : messages;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(found));
    });
    await listen(http, options.httpPort);
    httpPort = (http.address() as AddressInfo).port;
  }

  return {
    smtpPort,
    httpPort,
    messages,
    async stop() {
      await new Promise<void>((resolve) => {
        smtp.close(resolve);
      });
      await new Promise<void>((resolve) => {
        if (!http) resolve();
        else
          http.close(() => {
            resolve();
          });
      });
    },
  };
}

/** One line per message, for the dev console. */
export function describeMail(mail: CaughtMail): string {
  const links = mail.links.map((link) => `\n    ${link}`).join("");
  return `[mail] to ${mail.to.join(", ")}: ${mail.subject}${links}`;
}

async function main(): Promise<void> {
  const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
  const catcher = await startMailCatcher({
    smtpPort: smtpPort ?? 1025,
    httpPort: httpPort ?? 1026,
    onMessage: (mail) => {
      console.log(describeMail(mail));
    },
  });
  console.log(
    `[mail] catching mail on smtp://127.0.0.1:${String(catcher.smtpPort)}, inbox at http://127.0.0.1:${String(catcher.httpPort)}/messages`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      void catcher.stop().then(() => process.exit(0));
    });
  }
}

// Run directly (not imported by the launcher or the tests).
if (process.argv[1]?.endsWith("mail-catcher.ts")) void main();
