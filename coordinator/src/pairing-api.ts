// One typed function per /api/pairing route the pairing view uses, with the session's credentials and language.
import { ApiError, type Credentials } from "./api";

export interface PriorityStudent { id: string; firstName: string; lastName: string; className: string | null; stream: string | null; marked: boolean; criteria: string[]; tutorId: string | null; tutorName: string | null; pairId: string | null }
export interface GirlsShare { schoolUai: string; className: string | null; girls: number; total: number; share: number | null }
export interface PriorityList { schoolUai: string; students: PriorityStudent[]; girlsInStemPaired: GirlsShare[]; girlsInStemMarked: GirlsShare[] }
export interface Suggestion { tutorId: string; name: string; company: string | null; score: number; pairable: boolean; reasons: string[] }
export interface ProposalPair { studentId: string; studentName: string; tutorId: string; tutorName: string; score: number }
export interface Proposal { schoolUai: string; pairs: ProposalPair[]; unassigned: string[]; total: number }
export interface ConfirmResult { studentId: string; tutorId: string; outcome: string; pairId: string | null }
export interface OverviewPair { pairId: string; tutorId: string; tutorName: string; studentId: string; studentName: string; startedUtc: string }
export interface ProgrammePair { pairId: string; tutorId: string; tutorName: string; studentId: string; studentName: string; schoolUai: string; schoolName: string; startedUtc: string }
export interface QuietTutor { tutorId: string; tutorName: string; company: string | null; lastSessionUtc: string | null; pairs: ProgrammePair[] }
export interface ProgrammeOverview { quietTutors: QuietTutor[]; unansweredReminders: ProgrammePair[] }
export interface FollowUp { studentId: string; year: number; className: string | null; school: string | null; degreeTarget: string | null; graduated: boolean; firstJob: string | null; recordedBy: string; recordedUtc: string }
export interface FollowUpInput { year: number; className: string | null; school: string | null; degreeTarget: string | null; graduated: boolean; firstJob: string | null }
export interface Alumnus { studentId: string; schoolUai: string; name: string; changedUtc: string }
export interface InvitationResult { id: string; invited: number; notAlumni: string[] }
export interface Overview { schoolUai: string; withoutTutor: PriorityStudent[]; quietPairs: OverviewPair[]; unansweredReminders: OverviewPair[] }

export class PairingApi {
  constructor(private readonly credentials: Credentials, private readonly language: string) {}

  priority = (uai: string) => this.send<PriorityList>("GET", `/api/pairing/schools/${enc(uai)}/priority`);
  mark = (uai: string, studentId: string, marked: boolean) => this.send<null>("PUT", `/api/pairing/schools/${enc(uai)}/priority/${enc(studentId)}`, { marked });
  suggestions = (uai: string, studentId: string) => this.send<Suggestion[]>("GET", `/api/pairing/schools/${enc(uai)}/students/${enc(studentId)}/suggestions`);
  pair = (uai: string, studentId: string, tutorId: string) => this.send<{ id: string }>("POST", `/api/pairing/schools/${enc(uai)}/pairs`, { studentId, tutorId });
  proposal = (uai: string) => this.send<Proposal>("POST", `/api/pairing/schools/${enc(uai)}/proposal`);
  confirm = (uai: string, pairs: { studentId: string; tutorId: string }[]) => this.send<ConfirmResult[]>("POST", `/api/pairing/schools/${enc(uai)}/proposal/confirm`, { pairs });
  overview = (uai: string) => this.send<Overview>("GET", `/api/pairing/schools/${enc(uai)}/overview`);
  programmeOverview = () => this.send<ProgrammeOverview>("GET", "/api/pairing/overview");
  followUps = (uai: string, studentId: string) => this.send<FollowUp[]>("GET", `/api/pairing/schools/${enc(uai)}/students/${enc(studentId)}/followup`);
  saveFollowUp = (uai: string, studentId: string, body: FollowUpInput) => this.send<FollowUp>("PUT", `/api/pairing/schools/${enc(uai)}/students/${enc(studentId)}/followup`, body);
  alumni = () => this.send<Alumnus[]>("GET", "/api/pairing/alumni");
  inviteAlumni = (title: string, message: string, studentIds: string[]) => this.send<InvitationResult>("POST", "/api/pairing/alumni/invitations", { title, message, studentIds });
  refreshTutors = () => this.send<number>("POST", "/api/pairing/tutors/refresh");

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { ...(await this.credentials()), "Accept-Language": this.language, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), cache: "no-store" });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const o = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
      if (response.status === 400 && typeof o.errors === "object" && o.errors !== null) throw new ValidationError(Object.keys(o.errors));
      throw new ApiError(response.status, typeof o.detail === "string" ? o.detail : typeof o.title === "string" ? o.title : "");
    }
    return json as T;
  }
}

/** A 400 ValidationProblem: the names of the fields to fix. */
export class ValidationError extends ApiError {
  constructor(readonly fields: string[]) {
    super(400, "");
  }
}

const enc = encodeURIComponent;
