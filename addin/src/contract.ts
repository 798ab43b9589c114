// The shapes of the /api/addin/* routes, as documented in addin/API.md (the C# side is written to that file).
// Kept apart from api.ts so the pure functions in mentions.ts depend on data only, never on fetch or Office.

/** A link a party requires next to its mention (e.g. Passeport Avenir's site), labelled in both languages. */
export interface RequiredLink {
  url: string;
  labelFr: string;
  labelEn: string;
}

/** One party to an agreement and what citing it requires. */
export interface AgreementParty {
  organisationId: string;
  name: string;
  /** The mention of this party, written by its correspondent (free text: escaped before it goes into HTML). */
  mentionFr: string;
  mentionEn: string;
  /** Its logo goes with the mention "whenever possible". */
  logoExpected: boolean;
  /** Every use of its logo needs its prior proof approval (BAT). */
  logoNeedsBat: boolean;
  links: RequiredLink[];
  /** Its name may not appear in commercial communication... */
  nameBarredFromCommercial: boolean;
  /** ...unless its written agreement is on record. */
  writtenConsentOnRecord: boolean;
}

export interface Agreement {
  id: string;
  /** A short title for the picker, e.g. "UPS × Passeport Avenir". */
  title: string;
  parties: AgreementParty[];
}

export type LogoContentType = "image/png" | "image/svg+xml";

/** The current logo version of an organisation (a version is never overwritten: a new one has a new hash). */
export interface LogoVersion {
  organisationId: string;
  /** SHA-256 of the file, lowercase hex. */
  hash: string;
  contentType: LogoContentType;
  /** Where the file is read from (same origin, bearer token): /api/addin/logos/{hash}. */
  url: string;
}

/** GET /api/addin/agreements */
export interface AgreementsResponse {
  /** The caller's organisation: its own mention is never inserted. */
  organisationId: string;
  agreements: Agreement[];
  logos: LogoVersion[];
}

export type Medium = "email";

/** A granted, unexpired BAT: this organisation approved this logo version for this medium during [from, to). */
export interface BatGrant {
  organisationId: string;
  logoHash: string;
  medium: string;
  /** ISO 8601 instants. */
  from: string;
  to: string;
}

/** GET /api/addin/grants?medium=email */
export interface GrantsResponse {
  grants: BatGrant[];
}

/** POST /api/addin/insertions (one per party whose mention went into the message). */
export interface InsertionRecord {
  agreementId: string;
  organisationId: string;
  /** Present when that party's logo went in as well. */
  logoHash?: string;
  /** SHA-256 of the message subject, lowercase hex, computed in the pane: the subject itself never leaves it. */
  subjectHash: string;
}

/** POST /api/addin/insertions answers 201 with the id of the record. */
export interface InsertionCreated {
  id: string;
}

export type BatStatus = "pending" | "approved" | "changes-requested" | "rejected" | "expired";

/** POST /api/addin/bat-requests: a BAT asked of the logo's owner, with the draft it is for (base64). */
export interface BatRequestBody {
  organisationId: string;
  logoHash: string;
  medium: Medium;
  from: string;
  to: string;
  draft: string;
}

/** A BAT request as its requester sees it (POST answers 201 with it; GET /api/addin/bat-requests lists them). */
export interface BatRequestView {
  id: string;
  organisationId: string;
  logoHash: string;
  medium: string;
  from: string;
  to: string;
  status: BatStatus;
  createdAt: string;
  decidedAt: string | null;
  comment: string | null;
}
