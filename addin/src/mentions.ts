// What the pane inserts, decided without Office: for each agreement picked, the mention of every OTHER party in the
// message's language, its required links and, where allowed, its logo inline. Pure functions over the API's data
// (contract.ts); the task pane only reads the body, calls planInsertion and writes what it returns.
import type {
  Agreement,
  AgreementParty,
  AgreementsResponse,
  BatGrant,
  InsertionRecord,
  LogoContentType,
  LogoVersion,
} from "./contract";

export type Language = "fr" | "en";
export type BodyType = "html" | "text";

/** The medium a grant must cover for a logo to go into an e-mail. */
export const EMAIL_MEDIUM = "email";

export interface PlanInput {
  data: AgreementsResponse;
  /** Agreement ids ticked in the pane (unknown ids are ignored). */
  selected: readonly string[];
  language: Language;
  bodyType: BodyType;
  /** The "commercial communication" switch. */
  commercial: boolean;
  /** Granted BATs as the API returned them; checked again here (medium, logo version, dates). */
  grants: readonly BatGrant[];
  now: Date;
  /** The message body as it is now (HTML or text), searched for the markers of earlier insertions. */
  existingBody: string;
  /** Agreements this pane already inserted into this message (a guard should the host strip the markers). */
  insertedThisSession?: ReadonlySet<string>;
  /** The API could not be reached: data comes from the pane's cache, so no logo and no unverifiable consent. */
  offline: boolean;
  /** Logo hashes whose file could not be fetched or attached this time: their mention goes in as text. */
  unavailableLogos?: ReadonlySet<string>;
}

export interface InlineLogo {
  organisationId: string;
  hash: string;
  contentType: LogoContentType;
  url: string;
  /** Attachment name, also the body's cid: reference. */
  fileName: string;
}

export type NoLogoReason =
  | "not-expected" // the agreement does not ask for this party's logo
  | "no-logo-version" // the party has uploaded no logo
  | "bat-missing" // no granted, unexpired BAT for e-mail and this logo version
  | "text-body" // a plain-text body cannot carry an image
  | "logo-unavailable" // the file could not be fetched, did not match its hash, or could not be attached
  | "offline"; // the API is unreachable: never a logo from the cache

export type LogoOutcome =
  { kind: "inline"; logo: InlineLogo } | { kind: "none"; reason: NoLogoReason };

export interface PartyMention {
  agreementId: string;
  organisationId: string;
  name: string;
  text: string;
  links: { url: string; label: string }[];
  logo: LogoOutcome;
  /** The logo is expected but needs a BAT that is missing: the pane offers to request one. */
  batRequestable: boolean;
}

export type RefusalReason =
  | "commercial-without-written-consent" // no written agreement on record
  | "commercial-consent-unverified"; // offline: the cached consent cannot be trusted

export interface Refusal {
  agreementId: string;
  organisationId: string;
  name: string;
  reason: RefusalReason;
}

export interface InsertionPlan {
  /** HTML or text to insert; empty when there is nothing to insert. */
  content: string;
  mentions: PartyMention[];
  /** Logos to attach inline before the content goes in. */
  logos: InlineLogo[];
  /** Agreements whose block is already in the message: skipped. */
  alreadyInserted: string[];
  refusals: Refusal[];
  /** Agreements that get a block now. */
  insertedAgreements: string[];
  /** What to record once the content is in (the pane adds the subject hash). */
  records: Omit<InsertionRecord, "subjectHash">[];
}

const MARKER_LABEL: Record<Language, string> = {
  fr: "Mention de partenariat",
  en: "Partnership mention",
};

/** Agreement ids as they appear in markers: letters, digits, "_" and "-" only (anything else becomes "_"). */
export function markerId(agreementId: string): string {
  return agreementId.replace(/[^A-Za-z0-9_-]/g, "_");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether the body already holds the block of this agreement (HTML wrapper, HTML comment or text marker line). */
export function hasMarker(body: string, agreementId: string): boolean {
  const id = escapeRegExp(markerId(agreementId));
  return new RegExp(
    `data-tutorbot-mention=["']?${id}(?![A-Za-z0-9_-])|tutorbot-mention:${id}(?![A-Za-z0-9_-])|-- [^\\n]*\\[${id}\\] --`
  ).test(body);
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Only absolute http(s) URLs are inserted; anything else (javascript:, data:, relative) is dropped. */
export function safeUrl(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

export function mentionText(party: AgreementParty, language: Language): string {
  const wanted = (language === "en" ? party.mentionEn : party.mentionFr).trim();
  const other = (language === "en" ? party.mentionFr : party.mentionEn).trim();
  return wanted || other || party.name;
}

/** A grant covers this logo use when it is for this organisation, this logo version, e-mail, and now. */
export function grantCovers(grant: BatGrant, logo: LogoVersion, now: Date): boolean {
  const from = Date.parse(grant.from);
  const to = Date.parse(grant.to);
  return (
    grant.organisationId === logo.organisationId &&
    grant.logoHash === logo.hash &&
    grant.medium === EMAIL_MEDIUM &&
    !Number.isNaN(from) &&
    !Number.isNaN(to) &&
    from <= now.getTime() &&
    now.getTime() < to
  );
}

export function logoFileName(logo: LogoVersion): string {
  const org = logo.organisationId.replace(/[^A-Za-z0-9-]/g, "-");
  const ext = logo.contentType === "image/svg+xml" ? "svg" : "png";
  return `logo-${org}-${logo.hash.slice(0, 12)}.${ext}`;
}

function chooseLogo(
  party: AgreementParty,
  input: PlanInput
): { outcome: LogoOutcome; batRequestable: boolean } {
  if (!party.logoExpected)
    return { outcome: { kind: "none", reason: "not-expected" }, batRequestable: false };
  if (input.offline) return { outcome: { kind: "none", reason: "offline" }, batRequestable: false };
  const logo = input.data.logos.find((l) => l.organisationId === party.organisationId);
  if (!logo) return { outcome: { kind: "none", reason: "no-logo-version" }, batRequestable: false };
  const granted = !party.logoNeedsBat || input.grants.some((g) => grantCovers(g, logo, input.now));
  if (input.bodyType === "text")
    return { outcome: { kind: "none", reason: "text-body" }, batRequestable: false };
  if (!granted) return { outcome: { kind: "none", reason: "bat-missing" }, batRequestable: true };
  if (input.unavailableLogos?.has(logo.hash)) {
    return { outcome: { kind: "none", reason: "logo-unavailable" }, batRequestable: false };
  }
  const inline: InlineLogo = { ...logo, fileName: logoFileName(logo) };
  return { outcome: { kind: "inline", logo: inline }, batRequestable: false };
}

function refusalFor(party: AgreementParty, agreement: Agreement, input: PlanInput): Refusal | null {
  if (!input.commercial || !party.nameBarredFromCommercial) return null;
  if (party.writtenConsentOnRecord && !input.offline) return null;
  const reason: RefusalReason = party.writtenConsentOnRecord
    ? "commercial-consent-unverified"
    : "commercial-without-written-consent";
  return {
    agreementId: agreement.id,
    organisationId: party.organisationId,
    name: party.name,
    reason,
  };
}

function partyMention(party: AgreementParty, agreement: Agreement, input: PlanInput): PartyMention {
  const { outcome, batRequestable } = chooseLogo(party, input);
  const links = party.links.flatMap((l) => {
    const url = safeUrl(l.url);
    if (url === null) return [];
    const label = (input.language === "en" ? l.labelEn : l.labelFr).trim() || url;
    return [{ url, label }];
  });
  return {
    agreementId: agreement.id,
    organisationId: party.organisationId,
    name: party.name,
    text: mentionText(party, input.language),
    links,
    logo: outcome,
    batRequestable,
  };
}

function htmlBlock(agreementId: string, mentions: PartyMention[]): string {
  const id = markerId(agreementId);
  const paragraphs = mentions.map((m) => {
    const img =
      m.logo.kind === "inline"
        ? `<img src="cid:${escapeHtml(m.logo.logo.fileName)}" alt="${escapeHtml(`Logo ${m.name}`)}" height="48"><br>`
        : "";
    const text = escapeHtml(m.text).replace(/\r?\n/g, "<br>");
    const links = m.links
      .map((l) => `<br><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`)
      .join("");
    return `<p>${img}${text}${links}</p>`;
  });
  return `<div data-tutorbot-mention="${id}"><!-- tutorbot-mention:${id} -->${paragraphs.join("")}</div>`;
}

function textBlock(agreementId: string, mentions: PartyMention[], language: Language): string {
  const sep = language === "fr" ? " : " : ": ";
  const lines = [`-- ${MARKER_LABEL[language]} [${markerId(agreementId)}] --`];
  for (const m of mentions) {
    lines.push(m.text);
    for (const l of m.links) lines.push(l.label === l.url ? l.url : `${l.label}${sep}${l.url}`);
  }
  return lines.join("\n");
}

/** Everything the pane needs to insert, refuse, skip or record for one press of the button. */
export function planInsertion(input: PlanInput): InsertionPlan {
  const plan: InsertionPlan = {
    content: "",
    mentions: [],
    logos: [],
    alreadyInserted: [],
    refusals: [],
    insertedAgreements: [],
    records: [],
  };
  const blocks: string[] = [];
  const picked = input.data.agreements.filter((a) => input.selected.includes(a.id));
  for (const agreement of picked) {
    if (
      input.insertedThisSession?.has(agreement.id) ||
      hasMarker(input.existingBody, agreement.id)
    ) {
      plan.alreadyInserted.push(agreement.id);
      continue;
    }
    const mentions: PartyMention[] = [];
    for (const party of agreement.parties) {
      if (party.organisationId === input.data.organisationId) continue;
      const refusal = refusalFor(party, agreement, input);
      if (refusal) {
        plan.refusals.push(refusal);
        continue;
      }
      mentions.push(partyMention(party, agreement, input));
    }
    if (mentions.length === 0) continue;
    plan.mentions.push(...mentions);
    plan.insertedAgreements.push(agreement.id);
    for (const m of mentions) {
      if (m.logo.kind === "inline") {
        const logo = m.logo.logo;
        if (!plan.logos.some((l) => l.fileName === logo.fileName)) plan.logos.push(logo);
        plan.records.push({
          agreementId: agreement.id,
          organisationId: m.organisationId,
          logoHash: logo.hash,
        });
      } else {
        plan.records.push({ agreementId: agreement.id, organisationId: m.organisationId });
      }
    }
    blocks.push(
      input.bodyType === "html"
        ? htmlBlock(agreement.id, mentions)
        : textBlock(agreement.id, mentions, input.language)
    );
  }
  plan.content = input.bodyType === "html" ? blocks.join("") : blocks.join("\n\n");
  return plan;
}

/** The body with the content added at its end: before </body> for an HTML document, after a blank line for text. */
export function appendToBody(body: string, content: string, type: BodyType): string {
  if (type === "text") {
    const trimmed = body.replace(/\s+$/, "");
    return trimmed === "" ? content : `${trimmed}\n\n${content}`;
  }
  const close = body.search(/<\/body>(?![\s\S]*<\/body>)/i);
  return close < 0 ? body + content : body.slice(0, close) + content + body.slice(close);
}
