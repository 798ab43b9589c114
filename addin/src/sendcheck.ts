// The send-time check (Smart Alerts OnMessageSend, softBlock; PLATFORM.md §11), decided without Office: which
// partnerships a message cites (the pane's markers), whether every other party's mention is in it, and whether every
// partner logo among its inline images is covered by a granted, unexpired BAT for e-mail and that logo version.
import type { AgreementsResponse, BatGrant } from "./contract";
import { EMAIL_MEDIUM, type Language } from "./mentions";

/** An inline image of the message: its attachment name and the SHA-256 of its bytes. */
export interface InlineImage {
  name: string;
  hash: string;
}

/** Which organisation's logo version an image is (POST /api/addin/send-check answers it). */
export interface LogoOwner {
  hash: string;
  organisationId: string;
}

/** POST /api/addin/send-check: the cited agreements' obligations, the caller's e-mail grants, the logos among the images. */
export interface SendCheckResponse {
  agreements: AgreementsResponse;
  grants: BatGrant[];
  logos: LogoOwner[];
}

export type SendProblem =
  | {
      kind: "mention-missing";
      agreementId: string;
      title: string;
      organisationId: string;
      name: string;
    }
  | { kind: "logo-without-grant"; organisationId: string; name: string; hash: string };

/** The agreement ids a body cites through the pane's markers (HTML attribute, HTML comment or text line), in order. */
export function citedAgreements(body: string): string[] {
  const found: string[] = [];
  const patterns = [
    /data-tutorbot-mention=["']?([A-Za-z0-9_-]+)/g,
    /tutorbot-mention:([A-Za-z0-9_-]+)/g,
    /-- [^\n[\]]*\[([A-Za-z0-9_-]+)\] --/g,
  ];
  for (const pattern of patterns) {
    for (const match of body.matchAll(pattern)) {
      const id = match[1];
      if (id !== undefined && !found.includes(id)) found.push(id);
    }
  }
  return found;
}

/** A message citing no partnership is decided here, without the server. */
export function needsServer(cited: readonly string[]): boolean {
  return cited.length > 0;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** The words of a body as a reader sees them: no tags, entities decoded, quotes and spaces made uniform. */
export function readableText(body: string, bodyType: "html" | "text"): string {
  let text = body;
  if (bodyType === "html") {
    text = text
      .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<[^>]*>/g, " ")
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&([a-z]+);/gi, (all, name: string) => ENTITIES[name.toLowerCase()] ?? all);
  }
  return normalise(text);
}

function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function grantCoversImage(grant: BatGrant, owner: LogoOwner, now: Date): boolean {
  const from = Date.parse(grant.from);
  const to = Date.parse(grant.to);
  return (
    grant.organisationId === owner.organisationId &&
    grant.logoHash === owner.hash &&
    grant.medium === EMAIL_MEDIUM &&
    from <= now.getTime() &&
    now.getTime() < to
  );
}

/**
 * What stops this message: for each cited agreement, each other party whose mention (in either language, or its
 * name when it wrote none) is not in the text; and each inline image that is a partner's logo version needing a BAT
 * without a grant covering e-mail, that version and now. Empty: it may go.
 */
export function checkMessage(
  body: string,
  bodyType: "html" | "text",
  images: readonly InlineImage[],
  data: SendCheckResponse,
  now: Date
): SendProblem[] {
  const problems: SendProblem[] = [];
  const text = readableText(body, bodyType);
  const cited = citedAgreements(body);
  const names = new Map<string, string>();
  const needsBat = new Map<string, boolean>();
  for (const agreement of data.agreements.agreements) {
    for (const party of agreement.parties) {
      names.set(party.organisationId, party.name);
      needsBat.set(
        party.organisationId,
        (needsBat.get(party.organisationId) ?? false) || party.logoNeedsBat
      );
      if (!cited.includes(agreement.id) || party.organisationId === data.agreements.organisationId)
        continue;
      const wanted = [party.mentionFr, party.mentionEn].map(normalise).filter((m) => m !== "");
      if (wanted.length === 0) wanted.push(normalise(party.name));
      if (!wanted.some((m) => text.includes(m))) {
        problems.push({
          kind: "mention-missing",
          agreementId: agreement.id,
          title: agreement.title,
          organisationId: party.organisationId,
          name: party.name,
        });
      }
    }
  }
  for (const image of images) {
    const owner = data.logos.find((l) => l.hash === image.hash);
    if (!owner || owner.organisationId === data.agreements.organisationId) continue;
    // A logo whose owner's rules are unknown here is treated as needing a BAT.
    if (needsBat.get(owner.organisationId) === false) continue;
    if (data.grants.some((g) => grantCoversImage(g, owner, now))) continue;
    if (problems.some((p) => p.kind === "logo-without-grant" && p.hash === owner.hash)) continue;
    problems.push({
      kind: "logo-without-grant",
      organisationId: owner.organisationId,
      name: names.get(owner.organisationId) ?? owner.organisationId,
      hash: owner.hash,
    });
  }
  return problems;
}

const WORDS = {
  fr: {
    blocked: "TutorBot : ce message ne peut pas partir ainsi.",
    mention: "Il manque la mention de {name} ({title}).",
    logo: "Le logo de {name} n’est couvert par aucun BAT valide pour l’e-mail et cette version du logo.",
    fix: "Ouvrez le volet TutorBot pour corriger.",
    down: "TutorBot est injoignable : la vérification des mentions et des logos n’a pas pu se faire. Envoyez de nouveau pour envoyer sans vérification (ce sera enregistré).",
    open: "Corriger",
  },
  en: {
    blocked: "TutorBot: this message cannot go out as it is.",
    mention: "The mention of {name} ({title}) is missing.",
    logo: "{name}'s logo is covered by no valid BAT for e-mail and this logo version.",
    fix: "Open the TutorBot pane to fix it.",
    down: "TutorBot cannot be reached: mentions and logos could not be checked. Send again to send without the check (this will be recorded).",
    open: "Fix it",
  },
} as const;

export type SendWord = keyof (typeof WORDS)["fr"];

export function sendWord(language: Language, key: SendWord): string {
  return WORDS[language][key];
}

/** The Smart Alerts message (errorMessage: 500 characters at most) saying what is missing. */
export function blockMessage(problems: readonly SendProblem[], language: Language): string {
  const w = WORDS[language];
  const lines = problems.map((p) =>
    p.kind === "mention-missing"
      ? w.mention.replace("{name}", p.name).replace("{title}", p.title)
      : w.logo.replace("{name}", p.name)
  );
  const full = [w.blocked, ...lines, w.fix].join(" ");
  if (full.length <= 500) return full;
  const head = `${w.blocked} `;
  const tail = ` … ${w.fix}`;
  return head + lines.join(" ").slice(0, 500 - head.length - tail.length) + tail;
}
