// One typed function per /api/roster route the page uses. Every call carries the session's credentials (a bearer
// token, or the demo's X-Roster-Person header) and the page's language, so server messages match the page.

export interface Person {
  id: string;
  kind: string;
  firstName: string;
  lastName: string;
  login: string;
  schoolUai?: string | null;
  organisationId?: string | null;
  className?: string | null;
  level?: string | null;
  stream?: string | null;
  tutorLogin?: string | null;
  trained?: boolean | null;
  capacity?: number | null;
  active: boolean;
}

export interface PersonView {
  ref: string;
  person: Person;
  tutorName: string | null;
  reachable: boolean | null;
  /** "bot", or where the app's installation stands: "installed", "waitingForAdmin", "notReachable", "notYet". */
  reach?: string | null;
  /** The Graph permission a tenant admin must grant, while the installation waits for it. */
  grant?: string | null;
}

export interface Me { login: string; name: string; kind: string; schoolUai: string | null; organisationId: string | null }
export interface SchoolClass { name: string; level: string; stream: string }
export interface School { uai: string; name: string; city: string; academy: string; classes: SchoolClass[] }
export interface Organisation { id: string; name: string; kind: string }
export interface ImportProblem { line: number; column: string | null; code: string; message: string }
export interface ImportReport { dryRun: boolean; total: number; new: number; changed: number; unchanged: number; problems: ImportProblem[]; jobId: string | null }
export interface Job { id: string; state: "pending" | "done" | "failed" | string; total: number; done: number; new: number; changed: number; unchanged: number; error: string | null }
export interface PageConfig { clientId: string; authority: string; scope: string; localSignIn: boolean }
export interface LocalPerson { login: string; name: string; kind: string }
export interface PersonPatch { firstName?: string; lastName?: string; className?: string; level?: string; stream?: string; trained?: boolean; capacity?: number }

/** A refused call: its status and, when the server said why, its message (RFC 7807 detail or title). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly problems: ImportProblem[] = []) {
    super(message);
  }
}

export type Credentials = () => Promise<Record<string, string>>;

export class RosterApi {
  constructor(private readonly credentials: Credentials, private readonly language: string) {}

  me = () => this.get<Me>("/api/roster/me");
  schools = () => this.get<School[]>("/api/roster/schools");
  organisations = () => this.get<Organisation[]>("/api/roster/organisations");
  schoolPeople = (uai: string, klass?: string) =>
    this.get<PersonView[]>(`/api/roster/schools/${encodeURIComponent(uai)}/people${klass ? `?class=${encodeURIComponent(klass)}` : ""}`);
  tutors = (organisationId: string) => this.get<PersonView[]>(`/api/roster/organisations/${encodeURIComponent(organisationId)}/tutors`);
  search = (q: string) => this.get<PersonView[]>(`/api/roster/people?q=${encodeURIComponent(q)}`);
  job = (id: string) => this.get<Job>(`/api/roster/jobs/${encodeURIComponent(id)}`);
  patch = (ref: string, patch: PersonPatch) => this.send<PersonView>("PATCH", `/api/roster/people/${ref}`, JSON.stringify(patch), "application/json");
  deactivate = (ref: string) => this.send<PersonView>("POST", `/api/roster/people/${ref}/deactivate`);
  audit = () => this.get<import("./audit").AuditView>("/api/partners/audit");

  /** A file the API serves (e.g. the audit log as CSV), read with the session's credentials. */
  async download(path: string): Promise<Blob> {
    const response = await fetch(path, { headers: { ...(await this.credentials()), "Accept-Language": this.language }, cache: "no-store" });
    if (!response.ok) throw new ApiError(response.status, "");
    return response.blob();
  }

  /** Dry run (the default) or the real import; a 202 carries the job id. */
  import(file: File, dryRun: boolean): Promise<ImportReport> {
    const form = new FormData();
    form.append("file", file, file.name);
    return this.send<ImportReport>("POST", `/api/roster/import?dryRun=${dryRun}`, form);
  }

  private get<T>(path: string): Promise<T> {
    return this.send<T>("GET", path);
  }

  /** Any call with the session's credentials (other views' own routes, e.g. /api/privacy). */
  async send<T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { ...(await this.credentials()), "Accept-Language": this.language, Accept: "application/json" };
    if (contentType) headers["Content-Type"] = contentType;
    const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body }), cache: "no-store" });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const o = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
      const message = typeof o.detail === "string" ? o.detail : typeof o.title === "string" ? o.title : "";
      throw new ApiError(response.status, message, Array.isArray(o.problems) ? (o.problems as ImportProblem[]) : []);
    }
    return json as T;
  }
}

/** Page settings and the demo's people: anonymous, no credentials. */
export async function loadConfig(): Promise<PageConfig> {
  const response = await fetch("/coordinator/config.json", { cache: "no-store" });
  if (!response.ok) return { clientId: "", authority: "", scope: "", localSignIn: false };
  return (await response.json()) as PageConfig;
}

export async function localPeople(): Promise<LocalPerson[]> {
  const response = await fetch("/coordinator/local-people", { cache: "no-store" });
  return response.ok ? ((await response.json()) as LocalPerson[]) : [];
}
